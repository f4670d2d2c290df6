// Durations (`15 years 9 months`, `6 weeks`, `3 working days`), date arithmetic with them, and the
// exact meaning of comparing an elapsed time with one: `time since d >= D` means `d + D <= today`.

import type { CalendarName } from "./calendars.js";
import { addMonthsAndDays, compareDates, fromDayNumber } from "./civil-date.js";
import { addWorkingDays } from "./working-days.js";

/**
 * A duration as the language counts it. Years are stored as 12 months and weeks as 7 days, because
 * months are added (in one step) before days. Working days are never mixed with months or days.
 */
export interface Duration {
  readonly months: number;
  readonly days: number;
  readonly workingDays: number;
}

/** The units a duration is written in; any may be omitted. */
export interface DurationParts {
  readonly years?: number;
  readonly months?: number;
  readonly weeks?: number;
  readonly days?: number;
  readonly workingDays?: number;
}

/** Builds a `Duration` from the units it was written in: `duration({ years: 15, months: 9 })`. */
export function duration(parts: DurationParts): Duration {
  const { years = 0, months = 0, weeks = 0, days = 0, workingDays = 0 } = parts;
  return checkDuration({ months: years * 12 + months, days: weeks * 7 + days, workingDays });
}

function checkDuration(value: Duration): Duration {
  // Each unit by name rather than a loop over their names: this runs on every `date ± duration`.
  if (!Number.isSafeInteger(value.months)) throw notWhole("months", value.months);
  if (!Number.isSafeInteger(value.days)) throw notWhole("days", value.days);
  if (!Number.isSafeInteger(value.workingDays)) throw notWhole("workingDays", value.workingDays);
  if (value.workingDays !== 0 && (value.months !== 0 || value.days !== 0)) {
    // The checker rejects such durations; reaching here means a caller built one by hand.
    throw new RangeError(
      `A duration cannot mix working days with other units (got ${value.workingDays} working days with ` +
        `${value.months} months and ${value.days} days); working days and calendar time count differently.`,
    );
  }
  return value;
}

function notWhole(unit: keyof Duration, amount: number): RangeError {
  return new RangeError(`A duration must be a whole number of each unit; ${unit} is ${amount}.`);
}

/**
 * `date + duration`: months first (years included, one step, clamped to the month's last day), then
 * days; or, for a working-day duration, the Nth working day after `date` in `calendar`.
 */
export function addDuration(
  date: string,
  value: Duration,
  calendar: CalendarName,
  extraHolidays: readonly string[] = [],
): string {
  const { months, days, workingDays } = checkDuration(value);
  return addCheckedDuration(date, months, days, workingDays, calendar, extraHolidays);
}

/** `date - duration`: the same steps as `addDuration`, going back in time. */
export function subtractDuration(
  date: string,
  value: Duration,
  calendar: CalendarName,
  extraHolidays: readonly string[] = [],
): string {
  const { months, days, workingDays } = checkDuration(value);
  // `0 - 0` would be -0, which prints oddly in errors; keep zeros plain.
  const negate = (n: number): number => (n === 0 ? 0 : -n);
  return addCheckedDuration(date, negate(months), negate(days), negate(workingDays), calendar, extraHolidays);
}

/** `addDuration` for units `checkDuration` has passed (negating them keeps them whole and unmixed). */
function addCheckedDuration(
  date: string,
  months: number,
  days: number,
  workingDays: number,
  calendar: CalendarName,
  extraHolidays: readonly string[],
): string {
  if (workingDays !== 0) return addWorkingDays(date, workingDays, calendar, extraHolidays);
  // addDays(addMonths(date, months), days) without writing and reading the date in between.
  // Zero months and days still check the date, so a bad date still throws; a good one comes back as given.
  const dayNumber = addMonthsAndDays(date, months, days);
  return months === 0 && days === 0 ? date : fromDayNumber(dayNumber);
}

export type ComparisonOperator = "<" | "<=" | ">" | ">=";

/**
 * `time since since OP value`, evaluated on `today`, by its definition in the language:
 * `time since d >= D` iff `d + D <= today`, `> D` iff `d + D < today`, `< D` iff `d + D > today`,
 * `<= D` iff `d + D >= today`. This is exact for months and years, which have no fixed length in days.
 */
export function compareElapsed(
  since: string,
  op: ComparisonOperator,
  value: Duration,
  today: string,
  calendar: CalendarName,
  extraHolidays: readonly string[] = [],
): boolean {
  const order = compareDates(addDuration(since, value, calendar, extraHolidays), today);
  switch (op) {
    case ">=":
      return order <= 0;
    case ">":
      return order < 0;
    case "<":
      return order > 0;
    case "<=":
      return order >= 0;
    default:
      throw new RangeError(`Unknown comparison "${String(op)}"; expected <, <=, > or >=.`);
  }
}
