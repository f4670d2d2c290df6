// Durations (`15 years 9 months`, `6 weeks`, `3 working days`), date arithmetic with them, and the
// exact meaning of comparing an elapsed time with one: `time since d >= D` means `d + D <= today`.

import type { CalendarName } from "./calendars.js";
import { addDays, addMonths, compareDates } from "./civil-date.js";
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

const durationUnits = ["months", "days", "workingDays"] as const;

function checkDuration(value: Duration): Duration {
  for (const unit of durationUnits) {
    if (!Number.isSafeInteger(value[unit])) {
      throw new RangeError(`A duration must be a whole number of each unit; ${unit} is ${value[unit]}.`);
    }
  }
  if (value.workingDays !== 0 && (value.months !== 0 || value.days !== 0)) {
    // The checker rejects such durations; reaching here means a caller built one by hand.
    throw new RangeError(
      `A duration cannot mix working days with other units (got ${value.workingDays} working days with ` +
        `${value.months} months and ${value.days} days); working days and calendar time count differently.`,
    );
  }
  return value;
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
  if (workingDays !== 0) return addWorkingDays(date, workingDays, calendar, extraHolidays);
  return addDays(addMonths(date, months), days);
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
  return addDuration(
    date,
    { months: negate(months), days: negate(days), workingDays: negate(workingDays) },
    calendar,
    extraHolidays,
  );
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
