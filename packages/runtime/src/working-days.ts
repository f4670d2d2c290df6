// Working days: Monday to Friday, less the calendar's bank holidays and the protocol's own `holiday`s.
// `D + N working days` is the Nth working day after D; D itself is never counted.

import { isBankHolidayDayNumber, type CalendarName } from "./calendars.js";
import { fromDayNumber, toDayNumber } from "./civil-date.js";

const noHolidays: ReadonlySet<number> = new Set();
/** A protocol's holiday list is the same array on every call, so its day numbers are worked out once. */
const extraHolidaySets = new WeakMap<readonly string[], { readonly dates: readonly string[]; readonly days: ReadonlySet<number> }>();

function extraHolidaySet(extraHolidays: readonly string[]): ReadonlySet<number> {
  if (extraHolidays.length === 0) return noHolidays;
  const cached = extraHolidaySets.get(extraHolidays);
  // The copy of the dates tells whether the (readonly, but plain) array was changed since.
  if (cached !== undefined && cached.dates.length === extraHolidays.length && cached.dates.every((date, i) => date === extraHolidays[i])) return cached.days;
  // toDayNumber rejects anything that is not a real YYYY-MM-DD date, so a typo cannot silently count as a working day.
  const days = new Set(extraHolidays.map((date) => toDayNumber(date)));
  extraHolidaySets.set(extraHolidays, { dates: [...extraHolidays], days });
  return days;
}

/** Day numbers of 0001-01-01 and 9999-12-31: the dates the runtime can write. */
const FIRST_DAY = toDayNumber("0001-01-01");
const LAST_DAY = toDayNumber("9999-12-31");

function isWorkingDayNumber(dayNumber: number, calendar: CalendarName, extra: ReadonlySet<number>): boolean {
  // Outside the dates the runtime can write, fromDayNumber throws its RangeError, as it always did here.
  if (dayNumber < FIRST_DAY || dayNumber > LAST_DAY) fromDayNumber(dayNumber);
  // A weekend is never a working day, so it needs no bank holiday data (and so no coverage check).
  // Day 0, 1970-01-01, was a Thursday (ISO weekday 4), as in dayOfWeek.
  if (((((dayNumber + 3) % 7) + 7) % 7) + 1 >= 6) return false;
  if (extra.has(dayNumber)) return false;
  return !isBankHolidayDayNumber(dayNumber, calendar);
}

/**
 * Whether `date` is a working day. Throws `CalendarCoverageError` for a weekday in a year the
 * calendar's bank holiday data does not cover (calendar `none` has no such limit).
 */
export function isWorkingDay(date: string, calendar: CalendarName, extraHolidays: readonly string[] = []): boolean {
  return isWorkingDayNumber(toDayNumber(date), calendar, extraHolidaySet(extraHolidays));
}

/**
 * The `count`th working day after `date` (before it when `count` is negative); `date` itself is never
 * counted, whether or not it is a working day. Zero gives `date` unchanged.
 */
export function addWorkingDays(
  date: string,
  count: number,
  calendar: CalendarName,
  extraHolidays: readonly string[] = [],
): string {
  if (!Number.isSafeInteger(count)) {
    throw new RangeError(`Cannot add ${count} working days: only whole numbers of working days can be added to a date.`);
  }
  const extra = extraHolidaySet(extraHolidays);
  const step = count < 0 ? -1 : 1;
  let remaining = Math.abs(count);
  let dayNumber = toDayNumber(date);
  while (remaining > 0) {
    dayNumber += step;
    if (isWorkingDayNumber(dayNumber, calendar, extra)) remaining -= 1;
  }
  return fromDayNumber(dayNumber);
}
