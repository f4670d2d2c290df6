// Durations: building them, adding and subtracting them (months first, then days), and the exact
// meaning of `time since d OP D` at its boundaries.
import { describe, expect, it } from "vitest";
import { addDuration, compareElapsed, duration, subtractDuration, type Duration } from "../src/index.js";

describe("duration()", () => {
  it("counts years as 12 months and weeks as 7 days", () => {
    expect(duration({ years: 15, months: 9 })).toEqual({ months: 189, days: 0, workingDays: 0 });
    expect(duration({ weeks: 6, days: 2 })).toEqual({ months: 0, days: 44, workingDays: 0 });
    expect(duration({ workingDays: 3 })).toEqual({ months: 0, days: 0, workingDays: 3 });
    expect(duration({})).toEqual({ months: 0, days: 0, workingDays: 0 });
  });

  it("refuses working days mixed with other units", () => {
    expect(() => duration({ workingDays: 3, days: 1 })).toThrow(/cannot mix working days/);
    expect(() => duration({ workingDays: 3, years: 1 })).toThrow(/cannot mix working days/);
  });

  it("refuses fractions", () => {
    expect(() => duration({ weeks: 1.5 })).toThrow(/whole number/);
  });
});

describe("addDuration", () => {
  const cases: [string, Duration, string][] = [
    ["2024-01-31", duration({ months: 1 }), "2024-02-29"],
    ["2012-02-29", duration({ years: 1, months: 1 }), "2013-03-29"],
    ["2012-02-29", duration({ years: 1 }), "2013-02-28"],
    ["2010-06-30", duration({ years: 15, months: 9 }), "2026-03-30"],
    ["2026-01-10", duration({ weeks: 6 }), "2026-02-21"],
    ["2026-01-10", duration({ days: 28 }), "2026-02-07"],
    // Months before days: 31 Jan + 1 month = 28 Feb (clamped), then + 1 day = 1 Mar.
    ["2026-01-31", duration({ months: 1, days: 1 }), "2026-03-01"],
    ["2024-01-31", duration({ months: 1, weeks: 1 }), "2024-03-07"],
    ["2026-01-10", duration({}), "2026-01-10"],
  ];
  it.each(cases)("%s + %j = %s", (date, value, expected) => {
    expect(addDuration(date, value, "england-and-wales")).toBe(expected);
  });

  it("adds working days through the calendar (the spec's Christmas example)", () => {
    expect(addDuration("2026-12-23", duration({ workingDays: 3 }), "england-and-wales")).toBe("2026-12-30");
  });

  it("throws a clear error for a hand-built duration mixing working days with months or days", () => {
    expect(() => addDuration("2026-01-10", { months: 1, days: 0, workingDays: 2 }, "none")).toThrow(
      /cannot mix working days with other units/,
    );
    expect(() => addDuration("2026-01-10", { months: 0, days: 1, workingDays: 2 }, "none")).toThrow(
      /cannot mix working days/,
    );
  });

  it("throws on an invalid date", () => {
    expect(() => addDuration("2026-02-30", duration({ days: 1 }), "none")).toThrow(/not a date/);
  });
});

describe("subtractDuration", () => {
  const cases: [string, Duration, string][] = [
    ["2024-03-31", duration({ months: 1 }), "2024-02-29"],
    ["2013-03-29", duration({ years: 1, months: 1 }), "2012-02-29"],
    ["2026-03-31", duration({ years: 15, months: 9 }), "2010-06-30"],
    ["2026-02-21", duration({ weeks: 6 }), "2026-01-10"],
    // Months first, then days: 1 Mar - 1 month = 1 Feb, then - 1 day = 31 Jan.
    ["2026-03-01", duration({ months: 1, days: 1 }), "2026-01-31"],
    ["2026-01-01", duration({ days: 1 }), "2025-12-31"],
  ];
  it.each(cases)("%s - %j = %s", (date, value, expected) => {
    expect(subtractDuration(date, value, "england-and-wales")).toBe(expected);
  });

  it("subtracts working days: the Nth working day before", () => {
    // Mon 2026-12-28 is the Boxing Day substitute; Fri 25th is Christmas; 3 working days before Wed 30th
    // are Tue 29th, Thu 24th, Wed 23rd.
    expect(subtractDuration("2026-12-30", duration({ workingDays: 3 }), "england-and-wales")).toBe("2026-12-23");
  });
});

describe("compareElapsed: time since d OP D means d + D compared with today", () => {
  const D = duration({ years: 15, months: 9 });
  const born = "2010-06-30"; // + 15 years 9 months = 2026-03-30

  it.each([
    // today,        >=     >      <      <=
    ["2026-03-29", false, false, true, true],
    ["2026-03-30", true, false, false, true],
    ["2026-03-31", true, true, false, false],
  ] as const)("born 2010-06-30, today %s", (today, atLeast, more, less, atMost) => {
    expect(compareElapsed(born, ">=", D, today, "none")).toBe(atLeast);
    expect(compareElapsed(born, ">", D, today, "none")).toBe(more);
    expect(compareElapsed(born, "<", D, today, "none")).toBe(less);
    expect(compareElapsed(born, "<=", D, today, "none")).toBe(atMost);
  });

  it("is exact where months are clamped: born 31 May reaches 15y9m on 28 February", () => {
    expect(compareElapsed("2010-05-31", ">=", D, "2026-02-27", "none")).toBe(false);
    expect(compareElapsed("2010-05-31", ">=", D, "2026-02-28", "none")).toBe(true);
  });

  it("a child born on 29 February turns 18 on 28 February in a common year", () => {
    const eighteen = duration({ years: 18 });
    expect(compareElapsed("2008-02-29", "<", eighteen, "2026-02-27", "none")).toBe(true);
    expect(compareElapsed("2008-02-29", "<", eighteen, "2026-02-28", "none")).toBe(false);
  });

  it("`time since d >= 8 weeks` is true from exactly 56 days later", () => {
    const eightWeeks = duration({ weeks: 8 });
    expect(compareElapsed("2026-01-10", ">=", eightWeeks, "2026-03-06", "none")).toBe(false);
    expect(compareElapsed("2026-01-10", ">=", eightWeeks, "2026-03-07", "none")).toBe(true);
  });

  it("counts working days with the calendar", () => {
    const three = duration({ workingDays: 3 });
    expect(compareElapsed("2026-12-23", ">=", three, "2026-12-29", "england-and-wales")).toBe(false);
    expect(compareElapsed("2026-12-23", ">=", three, "2026-12-30", "england-and-wales")).toBe(true);
    // Without bank holidays the third working day is Mon 28th.
    expect(compareElapsed("2026-12-23", ">=", three, "2026-12-28", "none")).toBe(true);
  });

  it("rejects an unknown operator from untyped callers", () => {
    expect(() => compareElapsed("2026-01-01", "==" as ">=", D, "2026-01-01", "none")).toThrow(/Unknown comparison/);
  });
});
