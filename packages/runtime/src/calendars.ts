// The bank holiday calendars a protocol can name, and the years each one's shipped data covers.
// Outside those years the runtime refuses to answer rather than guess at a holiday.

import { fromDayNumber, requireIsoDate, toDayNumber } from "./civil-date.js";
import {
  ENGLAND_AND_WALES_HOLIDAYS,
  HOLIDAY_DATA_FIRST_YEAR,
  HOLIDAY_DATA_LAST_YEAR,
  NORTHERN_IRELAND_HOLIDAYS,
  SCOTLAND_HOLIDAYS,
} from "./holidays-data.js";

/** A protocol's `calendar`: one of the UK's three bank holiday calendars, or `none` (weekends only). */
export type CalendarName = "england-and-wales" | "scotland" | "northern-ireland" | "none";

export const CALENDAR_NAMES: readonly CalendarName[] = Object.freeze([
  "england-and-wales",
  "scotland",
  "northern-ireland",
  "none",
] as const);

/** The first and last year (inclusive) whose bank holidays the runtime knows. */
export interface CalendarCoverage {
  readonly firstYear: number;
  readonly lastYear: number;
}

/** Thrown when a computation needs a bank holiday calendar for a year its data does not cover. */
export class CalendarCoverageError extends Error {
  override readonly name = "CalendarCoverageError";

  constructor(
    readonly calendar: CalendarName,
    readonly date: string,
    readonly coverage: CalendarCoverage,
  ) {
    super(
      `The ${calendar} bank holiday calendar covers ${coverage.firstYear} to ${coverage.lastYear}; ` +
        `${date} is outside it.`,
    );
  }
}

type BankHolidayCalendar = Exclude<CalendarName, "none">;

const HOLIDAYS: Record<BankHolidayCalendar, readonly string[]> = {
  "england-and-wales": ENGLAND_AND_WALES_HOLIDAYS,
  scotland: SCOTLAND_HOLIDAYS,
  "northern-ireland": NORTHERN_IRELAND_HOLIDAYS,
};

const COVERAGE: CalendarCoverage = Object.freeze({
  firstYear: HOLIDAY_DATA_FIRST_YEAR,
  lastYear: HOLIDAY_DATA_LAST_YEAR,
});

/** The first and last day the data covers, as day numbers. */
const FIRST_COVERED_DAY = toDayNumber(`${HOLIDAY_DATA_FIRST_YEAR}-01-01`);
const LAST_COVERED_DAY = toDayNumber(`${HOLIDAY_DATA_LAST_YEAR}-12-31`);

/**
 * Each calendar's bank holidays as one flag per covered day (1 for a holiday), at
 * `dayNumber - FIRST_COVERED_DAY`: working-day sums ask about every weekday they count, and an array
 * read is cheaper than a set lookup. Built on first use so that importing the runtime costs nothing
 * for protocols without working days.
 */
let englandAndWalesDays: Uint8Array | undefined;
let scotlandDays: Uint8Array | undefined;
let northernIrelandDays: Uint8Array | undefined;

function unknownCalendar(calendar: CalendarName): RangeError {
  return new RangeError(`Unknown calendar "${String(calendar)}"; expected one of: ${CALENDAR_NAMES.join(", ")}.`);
}

function requireCalendar(calendar: CalendarName): void {
  if (!CALENDAR_NAMES.includes(calendar)) throw unknownCalendar(calendar);
}

function buildHolidayDays(calendar: BankHolidayCalendar): Uint8Array {
  const days = new Uint8Array(LAST_COVERED_DAY - FIRST_COVERED_DAY + 1);
  for (const date of HOLIDAYS[calendar]) days[toDayNumber(date) - FIRST_COVERED_DAY] = 1;
  return days;
}

/** The holiday flags of a bank holiday calendar; `undefined` for `none`; throws for an unknown name. */
function holidayDays(calendar: CalendarName): Uint8Array | undefined {
  // A switch rather than CALENDAR_NAMES.includes and a map: this runs for every weekday counted.
  switch (calendar) {
    case "england-and-wales":
      return (englandAndWalesDays ??= buildHolidayDays(calendar));
    case "scotland":
      return (scotlandDays ??= buildHolidayDays(calendar));
    case "northern-ireland":
      return (northernIrelandDays ??= buildHolidayDays(calendar));
    case "none":
      return undefined;
    default:
      throw unknownCalendar(calendar);
  }
}

/** The years a calendar's bank holiday data covers; `undefined` for `none`, which has no bank holidays. */
export function calendarCoverage(calendar: CalendarName): CalendarCoverage | undefined {
  requireCalendar(calendar);
  return calendar === "none" ? undefined : COVERAGE;
}

/** Every bank holiday the runtime ships for a calendar, in date order (empty for `none`). */
export function bankHolidays(calendar: CalendarName): readonly string[] {
  requireCalendar(calendar);
  return calendar === "none" ? [] : HOLIDAYS[calendar];
}

/**
 * `isBankHoliday` for a day number (days since 1970-01-01), for working-day arithmetic: the same
 * answer and the same errors, without writing and reading the date as text for every day counted.
 */
export function isBankHolidayDayNumber(dayNumber: number, calendar: CalendarName): boolean {
  const days = holidayDays(calendar);
  if (days === undefined) return false;
  if (dayNumber < FIRST_COVERED_DAY || dayNumber > LAST_COVERED_DAY) {
    throw new CalendarCoverageError(calendar, fromDayNumber(dayNumber), COVERAGE);
  }
  return days[dayNumber - FIRST_COVERED_DAY] === 1;
}

/**
 * Whether `date` is a bank holiday (including substitute days) in `calendar`.
 * Throws `CalendarCoverageError` when the date's year is outside the calendar's data.
 */
export function isBankHoliday(date: string, calendar: CalendarName): boolean {
  requireCalendar(calendar);
  const { year } = requireIsoDate(date);
  if (calendar === "none") return false;
  if (year < COVERAGE.firstYear || year > COVERAGE.lastYear) {
    throw new CalendarCoverageError(calendar, date, COVERAGE);
  }
  return isBankHolidayDayNumber(toDayNumber(date), calendar);
}
