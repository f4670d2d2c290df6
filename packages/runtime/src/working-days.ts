// Working days: Monday to Friday, less the calendar's bank holidays and the protocol's own `holiday`s.
// `D + N working days` is the Nth working day after D; D itself is never counted.

import { isBankHoliday, type CalendarName } from "./calendars.js";
import { dayOfWeek, fromDayNumber, toDayNumber } from "./civil-date.js";

function extraHolidaySet(extraHolidays: readonly string[]): ReadonlySet<number> {
  // toDayNumber rejects anything that is not a real YYYY-MM-DD date, so a typo cannot silently count as a working day.
  return new Set(extraHolidays.map((date) => toDayNumber(date)));
}

function isWorkingDayNumber(dayNumber: number, calendar: CalendarName, extra: ReadonlySet<number>): boolean {
  const date = fromDayNumber(dayNumber);
  // A weekend is never a working day, so it needs no bank holiday data (and so no coverage check).
  if (dayOfWeek(date) >= 6) return false;
  if (extra.has(dayNumber)) return false;
  return !isBankHoliday(date, calendar);
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
