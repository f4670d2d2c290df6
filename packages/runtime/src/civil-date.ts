// Civil dates (a day in the calendar, with no time of day or time zone), as `YYYY-MM-DD` strings.
// Arithmetic uses a day number so that no JavaScript `Date`, and so no time zone, is ever involved.

/** A calendar date split into its parts; `month` is 1-12 and `day` is 1-31. */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** ISO weekday number: 1 is Monday, 7 is Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

// Four-digit years only: the ISO strings then sort and compare as text, and 9999 is far enough.
const FIRST_YEAR = 1;
const LAST_YEAR = 9999;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`There is no month ${month}; months run from 1 to 12.`);
  }
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isValidParts(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= FIRST_YEAR &&
    year <= LAST_YEAR &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/**
 * Reads exactly `YYYY-MM-DD` naming a real calendar date (years 0001 to 9999).
 * Anything else (`2026-02-30`, `2026-2-3`, a time, a zone, spaces) gives `undefined`.
 */
export function parseIsoDate(text: string): CivilDate | undefined {
  if (typeof text !== "string") return undefined;
  const packed = packIsoDate(text);
  return packed < 0 ? undefined : { year: packed >> 9, month: (packed >> 5) & 15, day: packed & 31 };
}

/**
 * The date `text` names as one small integer, `year << 9 | month << 5 | day`, or -1 when it is not
 * exactly `^(\d{4})-(\d{2})-(\d{2})$` naming a real date. Dates are read in every date comparison and
 * every `date ± duration`, so this reads them without a regular expression and without making an
 * object; `text` must be a string.
 */
function packIsoDate(text: string): number {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return -1;
  // Anything but an ASCII digit (`２`, a space, a sign) is refused.
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    year = year * 10 + digit;
  }
  const m1 = text.charCodeAt(5) - 48;
  const m2 = text.charCodeAt(6) - 48;
  const d1 = text.charCodeAt(8) - 48;
  const d2 = text.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return -1;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  // Four digits cannot pass 9999, so only year 0000 is out of range.
  if (year === 0 || month === 0 || month > 12 || day === 0 || day > monthLength(year, month)) return -1;
  return (year << 9) | (month << 5) | day;
}

/** `daysInMonth` for a month already known to be 1-12, without its check. */
function monthLength(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isValidIsoDate(text: string): boolean {
  return typeof text === "string" && packIsoDate(text) >= 0;
}

export function formatIsoDate(date: CivilDate): string {
  const { year, month, day } = date;
  if (!isValidParts(year, month, day)) {
    throw new RangeError(`${year}-${month}-${day} is not a calendar date between 0001-01-01 and 9999-12-31.`);
  }
  return formatKnownDate(year, month, day);
}

// Writing a date is one concatenation of two remembered strings: building `YYYY-MM-DD` from numbers
// (String, padStart, a template) cost several times more, and every date result is written.
/** `-MM-DD` for each month and day, at `month * 32 + day`. */
const MONTH_DAY_TEXT: readonly string[] = (() => {
  const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
  const texts: string[] = [];
  for (let month = 1; month <= 12; month++) {
    for (let day = 1; day <= 31; day++) texts[month * 32 + day] = `-${two(month)}-${two(day)}`;
  }
  return texts;
})();
/** `YYYY` for each year, filled in as years are first written (a run sees only a few). */
const YEAR_TEXT: string[] = [];

/** `formatIsoDate` for parts already known to be a real date between 0001-01-01 and 9999-12-31. */
function formatKnownDate(year: number, month: number, day: number): string {
  let yearText = YEAR_TEXT[year];
  if (yearText === undefined) {
    yearText = String(year).padStart(4, "0");
    YEAR_TEXT[year] = yearText;
  }
  return yearText + MONTH_DAY_TEXT[month * 32 + day]!;
}

/** Parses a date the caller promised is valid; a bad one is a programming or input error, so it throws. */
export function requireIsoDate(text: string): CivilDate {
  const date = parseIsoDate(text);
  if (date === undefined) {
    throw new RangeError(`"${String(text)}" is not a date: expected a real calendar date written YYYY-MM-DD.`);
  }
  return date;
}

function requireParts(date: CivilDate): CivilDate {
  formatIsoDate(date); // throws a clear error when the parts are not a real date
  return date;
}

/**
 * Days since 1970-01-01 in the proleptic Gregorian calendar (negative before it).
 * Howard Hinnant's days_from_civil: counting from March makes the leap day the last day of the year.
 */
export function toDayNumber(date: string | CivilDate): number {
  if (typeof date === "string") {
    const packed = packIsoDate(date);
    // Not a date: requireIsoDate throws the error it always has.
    if (packed < 0) return partsToDayNumber(requireIsoDate(date));
    return daysFromCivil(packed >> 9, (packed >> 5) & 15, packed & 31);
  }
  return partsToDayNumber(requireParts(date));
}

function partsToDayNumber(date: CivilDate): number {
  const { year, month, day } = date;
  return daysFromCivil(year, month, day);
}

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Day numbers of 0001-01-01 and 9999-12-31: the dates the runtime can write. */
export const FIRST_DAY_NUMBER = daysFromCivil(1, 1, 1);
export const LAST_DAY_NUMBER = daysFromCivil(9999, 12, 31);

/** The ISO date for a day number (the inverse of `toDayNumber`, Hinnant's civil_from_days). */
export function fromDayNumber(dayNumber: number): string {
  // Number.isInteger first: it reads no non-number (the comparisons would call an object's valueOf).
  if (Number.isInteger(dayNumber) && dayNumber >= FIRST_DAY_NUMBER && dayNumber <= LAST_DAY_NUMBER) {
    const packed = packedCivilFromDays(dayNumber);
    return formatKnownDate(packed >> 9, (packed >> 5) & 15, packed & 31);
  }
  // Not a whole number, or outside the years 0001 to 9999: these checks throw, as they always have.
  if (!Number.isSafeInteger(dayNumber)) {
    throw new RangeError(`${dayNumber} is not a whole day number.`);
  }
  return formatIsoDate(civilFromDays(dayNumber));
}

/** Hinnant's civil_from_days for any whole day number; only needed now to word the error for one out of range. */
function civilFromDays(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/**
 * `civilFromDays` for a day from 0001-01-01 to 9999-12-31, packed as `packIsoDate` packs. Every
 * quantity is then a small non-negative integer, so `| 0` (truncation) divides exactly as
 * Math.floor does, and measured about twice as fast: this runs for every date written.
 */
function packedCivilFromDays(dayNumber: number): number {
  const z = dayNumber + 719468;
  const era = (z / 146097) | 0;
  const dayOfEra = z - era * 146097;
  const yearOfEra = ((dayOfEra - ((dayOfEra / 1460) | 0) + ((dayOfEra / 36524) | 0) - ((dayOfEra / 146096) | 0)) / 365) | 0;
  const dayOfYear = dayOfEra - (365 * yearOfEra + ((yearOfEra / 4) | 0) - ((yearOfEra / 100) | 0));
  const shiftedMonth = ((5 * dayOfYear + 2) / 153) | 0;
  const day = dayOfYear - (((153 * shiftedMonth + 2) / 5) | 0) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return (year << 9) | (month << 5) | day;
}

export function dayOfWeek(date: string): Weekday {
  return (weekdayIndex(toDayNumber(date)) + 1) as Weekday;
}

/** ISO weekday minus one (0 Monday .. 6 Sunday) of a day number: day 0, 1970-01-01, was a Thursday. */
export function weekdayIndex(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

/** -1, 0 or 1 as `a` is before, the same day as, or after `b`. */
export function compareDates(a: string, b: string): -1 | 0 | 1 {
  const difference = toDayNumber(a) - toDayNumber(b);
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}

function requireWhole(count: number, what: string): void {
  if (!Number.isSafeInteger(count)) {
    throw new RangeError(`Cannot add ${count} ${what}: only whole numbers of ${what} can be added to a date.`);
  }
}

export function addDays(date: string, days: number): string {
  requireWhole(days, "days");
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * Adds whole months in one step, keeping the day of the month and clamping it to the last day of the
 * resulting month: 2024-01-31 + 1 month = 2024-02-29. Years are 12 months each and must be passed
 * here together with the months, because clamping twice can give a different day.
 */
export function addMonths(date: string, months: number): string {
  requireWhole(months, "months");
  const packed = addMonthsPacked(date, months);
  return formatKnownDate(packed >> 9, (packed >> 5) & 15, packed & 31);
}

/**
 * The day number of `addDays(addMonths(date, months), days)`, without writing and reading the date in
 * between, for `date + duration`: the same result and the same error for the same bad input
 * (`months` and `days` must already be whole). Zero months still checks that `date` is a date.
 */
export function addMonthsAndDays(date: string, months: number, days: number): number {
  const packed = addMonthsPacked(date, months);
  return daysFromCivil(packed >> 9, (packed >> 5) & 15, packed & 31) + days;
}

/** `addMonths` (for whole `months`), packed as `packIsoDate` packs. */
function addMonthsPacked(date: string, months: number): number {
  let packed = typeof date === "string" ? packIsoDate(date) : -1;
  if (packed < 0) {
    // Not a date: requireIsoDate throws the error it always has.
    const parts = requireIsoDate(date);
    packed = (parts.year << 9) | (parts.month << 5) | parts.day;
  }
  if (months === 0) return packed;
  const year = packed >> 9;
  const month = (packed >> 5) & 15;
  const day = packed & 31;
  const monthIndex = year * 12 + (month - 1) + months;
  const newYear = Math.floor(monthIndex / 12);
  const newMonth = monthIndex - newYear * 12 + 1;
  if (newYear < FIRST_YEAR || newYear > LAST_YEAR) {
    throw new RangeError(`${date} + ${months} months falls outside the years 0001 to 9999.`);
  }
  return (newYear << 9) | (newMonth << 5) | Math.min(day, monthLength(newYear, newMonth));
}
