// Working days: Monday to Friday, less the calendar's bank holidays and the protocol's own `holiday`s.
// `D + N working days` is the Nth working day after D; D itself is never counted.

import { isBankHolidayDayNumber, type CalendarName } from "./calendars.js";
import { FIRST_DAY_NUMBER, fromDayNumber, LAST_DAY_NUMBER, toDayNumber, weekdayIndex } from "./civil-date.js";

const noHolidays: ReadonlySet<number> = new Set();
/** A protocol's holiday list is the same array on every call, so its day numbers are worked out once. */
const extraHolidaySets = new WeakMap<readonly string[], { readonly dates: readonly string[]; readonly days: ReadonlySet<number> }>();

function extraHolidaySet(extraHolidays: readonly string[]): ReadonlySet<number> {
  if (extraHolidays.length === 0) return noHolidays;
  const cached = extraHolidaySets.get(extraHolidays);
  // The copy of the dates tells whether the (readonly, but plain) array was changed since.
  if (cached !== undefined && sameDates(cached.dates, extraHolidays)) return cached.days;
  // toDayNumber rejects anything that is not a real YYYY-MM-DD date, so a typo cannot silently count as a working day.
  const days = new Set(extraHolidays.map((date) => toDayNumber(date)));
  extraHolidaySets.set(extraHolidays, { dates: [...extraHolidays], days });
  return days;
}

/** Whether two lists hold the same dates in the same order (a loop: this runs on every working-day sum). */
function sameDates(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `weekday` is `weekdayIndex(dayNumber)`, which addWorkingDays keeps up to date rather than divides out. */
function isWorkingDayNumber(dayNumber: number, weekday: number, calendar: CalendarName, extra: ReadonlySet<number>): boolean {
  // Outside the dates the runtime can write, fromDayNumber throws its RangeError, as it always did here.
  if (dayNumber < FIRST_DAY_NUMBER || dayNumber > LAST_DAY_NUMBER) fromDayNumber(dayNumber);
  // A weekend is never a working day, so it needs no bank holiday data (and so no coverage check).
  if (weekday >= 5) return false;
  if (extra !== noHolidays && extra.has(dayNumber)) return false;
  return !isBankHolidayDayNumber(dayNumber, calendar);
}

/**
 * Whether `date` is a working day. Throws `CalendarCoverageError` for a weekday in a year the
 * calendar's bank holiday data does not cover (calendar `none` has no such limit).
 */
export function isWorkingDay(date: string, calendar: CalendarName, extraHolidays: readonly string[] = []): boolean {
  const dayNumber = toDayNumber(date);
  return isWorkingDayNumber(dayNumber, weekdayIndex(dayNumber), calendar, extraHolidaySet(extraHolidays));
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
  let weekday = weekdayIndex(dayNumber);
  while (remaining > 0) {
    dayNumber += step;
    // Step the weekday with the day: two comparisons instead of two divisions per day counted.
    weekday += step;
    if (weekday === 7) weekday = 0;
    else if (weekday === -1) weekday = 6;
    if (isWorkingDayNumber(dayNumber, weekday, calendar, extra)) remaining -= 1;
  }
  return fromDayNumber(dayNumber);
}
