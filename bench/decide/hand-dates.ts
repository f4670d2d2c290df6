// The date helpers a team writing the rules by hand would add to their code base: UTC `Date`
// arithmetic on ISO date strings, and working days against the GOV.UK bank holiday list (the same
// published list Baton's runtime ships, imported here as data). Written with some care for speed
// (day numbers rather than `toISOString`, which costs over a microsecond a call), so that the
// hand-written contender is not slowed by its helpers.
import { ENGLAND_AND_WALES_HOLIDAYS } from "../../packages/runtime/src/holidays-data.js";

const DAY_MS = 86_400_000;

/** Days since 1970-01-01. */
function toDay(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

function toIso(day: number): string {
  const date = new Date(day * DAY_MS);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

const bankHolidays = new Set(ENGLAND_AND_WALES_HOLIDAYS.map(toDay));

export function addDays(iso: string, days: number): string {
  return toIso(toDay(iso) + days);
}

/** Calendar months, keeping the day of the month but not past the month's last day. */
export function addMonths(iso: string, months: number): string {
  const index = Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1 + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(Number(iso.slice(8, 10)), lastDay);
  return `${year}-${pad(month + 1)}-${pad(day)}`;
}

/** The nth working day after `iso` (weekends and England and Wales bank holidays skipped). */
export function addWorkingDays(iso: string, n: number): string {
  let day = toDay(iso);
  while (n > 0) {
    day++;
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 is Sunday
    if (weekday !== 0 && weekday !== 6 && !bankHolidays.has(day)) n--;
  }
  return toIso(day);
}

/** Whole days from `from` to `to`. */
export function daysBetween(from: string, to: string): number {
  return toDay(to) - toDay(from);
}
