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
  // Exactly `^(\d{4})-(\d{2})-(\d{2})$` and its three groups, read without a regular expression:
  // dates are parsed in every working-day step and every date comparison.
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (year < 0 || month < 0 || day < 0) return undefined;
  return isValidParts(year, month, day) ? { year, month, day } : undefined;
}

/** The number written by the ASCII digits from `start` to `end`, or -1 when one is not a digit. */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

export function isValidIsoDate(text: string): boolean {
  return parseIsoDate(text) !== undefined;
}

export function formatIsoDate(date: CivilDate): string {
  const { year, month, day } = date;
  if (!isValidParts(year, month, day)) {
    throw new RangeError(`${year}-${month}-${day} is not a calendar date between 0001-01-01 and 9999-12-31.`);
  }
  const y = year >= 1000 ? String(year) : String(year).padStart(4, "0");
  return `${y}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}`;
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
  const { year, month, day } = typeof date === "string" ? requireIsoDate(date) : requireParts(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The ISO date for a day number (the inverse of `toDayNumber`, Hinnant's civil_from_days). */
export function fromDayNumber(dayNumber: number): string {
  if (!Number.isSafeInteger(dayNumber)) {
    throw new RangeError(`${dayNumber} is not a whole day number.`);
  }
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
  return formatIsoDate({ year, month, day });
}

export function dayOfWeek(date: string): Weekday {
  // Day 0, 1970-01-01, was a Thursday (ISO weekday 4).
  return ((((toDayNumber(date) + 3) % 7) + 7) % 7 + 1) as Weekday;
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
  const { year, month, day } = requireIsoDate(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const newYear = Math.floor(monthIndex / 12);
  const newMonth = monthIndex - newYear * 12 + 1;
  if (newYear < FIRST_YEAR || newYear > LAST_YEAR) {
    throw new RangeError(`${date} + ${months} months falls outside the years 0001 to 9999.`);
  }
  return formatIsoDate({ year: newYear, month: newMonth, day: Math.min(day, daysInMonth(newYear, newMonth)) });
}
