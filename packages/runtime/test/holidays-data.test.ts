// Cross-checks the shipped bank holiday data (transcribed from GOV.UK) against an independent
// derivation from the rules: Easter by the Gregorian computus, fixed days with weekend substitutes,
// first/last Mondays, and the one-off changes of 2012, 2020, 2022 and 2023.
import { describe, expect, it } from "vitest";
import { addDays, bankHolidays, calendarCoverage, compareDates, dayOfWeek, daysInMonth, type CalendarName } from "../src/index.js";

const iso = (y: number, m: number, d: number) =>
  `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

function firstMonday(year: number, month: number): string {
  let date = iso(year, month, 1);
  while (dayOfWeek(date) !== 1) date = addDays(date, 1);
  return date;
}

function lastMonday(year: number, month: number): string {
  let date = iso(year, month, daysInMonth(year, month));
  while (dayOfWeek(date) !== 1) date = addDays(date, -1);
  return date;
}

/** Fixed-date holidays in order; each falling at a weekend (or on a day already taken) moves to the next free weekday. */
function withSubstitutes(dates: string[]): string[] {
  const taken: string[] = [];
  for (const fixed of dates) {
    let date = fixed;
    while (dayOfWeek(date) >= 6 || taken.includes(date)) date = addDays(date, 1);
    taken.push(date);
  }
  return taken;
}

function derive(calendar: Exclude<CalendarName, "none">, year: number): string[] {
  const easter = easterSunday(year);
  let earlyMay = firstMonday(year, 5);
  let spring = lastMonday(year, 5);
  const extra: string[] = [];
  // One-off changes announced by the government; all applied UK-wide.
  if (year === 2012) {
    spring = "2012-06-04";
    extra.push("2012-06-05"); // Diamond Jubilee
  }
  if (year === 2020) earlyMay = "2020-05-08"; // VE Day 75
  if (year === 2022) {
    spring = "2022-06-02";
    extra.push("2022-06-03", "2022-09-19"); // Platinum Jubilee; State Funeral of Queen Elizabeth II
  }
  if (year === 2023) extra.push("2023-05-08"); // Coronation of King Charles III

  const days = [addDays(easter, -2), earlyMay, spring, ...extra];
  if (calendar === "scotland") {
    days.push(...withSubstitutes([iso(year, 1, 1), iso(year, 1, 2)]));
    days.push(firstMonday(year, 8));
    days.push(...withSubstitutes([iso(year, 11, 30)]));
  } else {
    days.push(...withSubstitutes([iso(year, 1, 1)]));
    days.push(addDays(easter, 1));
    days.push(lastMonday(year, 8));
  }
  if (calendar === "northern-ireland") {
    days.push(...withSubstitutes([iso(year, 3, 17)]));
    days.push(...withSubstitutes([iso(year, 7, 12)]));
  }
  days.push(...withSubstitutes([iso(year, 12, 25), iso(year, 12, 26)]));
  return days.sort();
}

const calendars = ["england-and-wales", "scotland", "northern-ireland"] as const;
const years = Array.from({ length: 16 }, (_, i) => 2012 + i);

describe("shipped bank holiday data", () => {
  it("covers 2012 to 2027 for every calendar", () => {
    for (const calendar of calendars) {
      expect(calendarCoverage(calendar)).toEqual({ firstYear: 2012, lastYear: 2027 });
      const list = bankHolidays(calendar);
      expect(list[0]?.startsWith("2012-")).toBe(true);
      expect(list[list.length - 1]?.startsWith("2027-")).toBe(true);
    }
    expect(calendarCoverage("none")).toBeUndefined();
    expect(bankHolidays("none")).toEqual([]);
  });

  it.each(calendars)("%s is sorted, has no duplicates, and has no weekend dates", (calendar) => {
    const list = bankHolidays(calendar);
    for (let i = 1; i < list.length; i++) expect(compareDates(list[i - 1] ?? "", list[i] ?? "")).toBe(-1);
    for (const date of list) expect(dayOfWeek(date)).toBeLessThan(6);
  });

  it.each(calendars.flatMap((calendar) => years.map((year) => [calendar, year] as const)))(
    "%s %i matches the rules-based derivation",
    (calendar, year) => {
      const shipped = bankHolidays(calendar).filter((date) => date.startsWith(`${year}-`));
      expect(shipped).toEqual(derive(calendar, year));
    },
  );

  it("is frozen, so a caller cannot add or remove holidays", () => {
    expect(Object.isFrozen(bankHolidays("england-and-wales"))).toBe(true);
  });
});

describe("Easter", () => {
  it.each([
    [2016, "2016-03-25", "2016-03-28"],
    [2019, "2019-04-19", "2019-04-22"],
    [2024, "2024-03-29", "2024-04-01"],
    [2025, "2025-04-18", "2025-04-21"],
    [2026, "2026-04-03", "2026-04-06"],
    [2027, "2027-03-26", "2027-03-29"],
  ])("%i: Good Friday %s and Easter Monday %s", (year, goodFriday, easterMonday) => {
    expect(addDays(easterSunday(year), -2)).toBe(goodFriday);
    expect(addDays(easterSunday(year), 1)).toBe(easterMonday);
    for (const calendar of calendars) expect(bankHolidays(calendar)).toContain(goodFriday);
    expect(bankHolidays("england-and-wales")).toContain(easterMonday);
    expect(bankHolidays("northern-ireland")).toContain(easterMonday);
    // Easter Monday is not a bank holiday in Scotland.
    expect(bankHolidays("scotland")).not.toContain(easterMonday);
  });
});
