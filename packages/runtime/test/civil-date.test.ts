// Civil dates: strict ISO parsing, day numbers, weekdays, leap years and month arithmetic with clamping.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  compareDates,
  dayOfWeek,
  daysInMonth,
  formatIsoDate,
  fromDayNumber,
  isLeapYear,
  isValidIsoDate,
  parseIsoDate,
  toDayNumber,
} from "../src/index.js";

describe("parseIsoDate", () => {
  it.each([
    ["2026-01-31", { year: 2026, month: 1, day: 31 }],
    ["2024-02-29", { year: 2024, month: 2, day: 29 }],
    ["2000-02-29", { year: 2000, month: 2, day: 29 }],
    ["0001-01-01", { year: 1, month: 1, day: 1 }],
    ["9999-12-31", { year: 9999, month: 12, day: 31 }],
  ])("reads %s", (text, parts) => {
    expect(parseIsoDate(text)).toEqual(parts);
    expect(isValidIsoDate(text)).toBe(true);
  });

  it.each([
    ["2026-02-30", "no 30 February"],
    ["2026-02-29", "2026 is not a leap year"],
    ["1900-02-29", "1900 is not a leap year"],
    ["2026-04-31", "April has 30 days"],
    ["2026-13-01", "no month 13"],
    ["2026-00-10", "no month 0"],
    ["2026-01-00", "no day 0"],
    ["0000-01-01", "no year 0"],
    ["2026-2-3", "unpadded"],
    ["26-02-03", "two-digit year"],
    ["20260203", "basic format"],
    ["2026/02/03", "slashes"],
    ["2026-01-10T00:00", "a time"],
    ["2026-01-10T00:00:00Z", "a time and zone"],
    ["2026-01-10Z", "a zone"],
    ["2026-01-10+01:00", "an offset"],
    [" 2026-01-10", "leading space"],
    ["2026-01-10 ", "trailing space"],
    ["2026-01-10\n", "trailing newline"],
    ["+02026-01-10", "expanded year"],
    ["２０２６-01-10", "non-ASCII digits"],
    ["", "empty"],
  ])("rejects %j (%s)", (text) => {
    expect(parseIsoDate(text)).toBeUndefined();
    expect(isValidIsoDate(text)).toBe(false);
  });

  it("rejects non-strings from untyped callers", () => {
    expect(parseIsoDate(20260110 as unknown as string)).toBeUndefined();
  });
});

describe("formatIsoDate", () => {
  it("pads every part", () => {
    expect(formatIsoDate({ year: 812, month: 3, day: 4 })).toBe("0812-03-04");
  });
  it("refuses a date that does not exist", () => {
    expect(() => formatIsoDate({ year: 2026, month: 2, day: 30 })).toThrow(/not a calendar date/);
  });
});

describe("leap years and month lengths", () => {
  it.each([
    [2024, true],
    [2026, false],
    [2000, true],
    [1900, false],
    [2100, false],
    [2400, true],
    [2012, true],
  ])("isLeapYear(%i) is %s", (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });

  it.each([
    [2024, 2, 29],
    [2023, 2, 28],
    [2026, 1, 31],
    [2026, 4, 30],
    [2026, 6, 30],
    [2026, 9, 30],
    [2026, 11, 30],
    [2026, 12, 31],
  ])("daysInMonth(%i, %i) is %i", (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });

  it("rejects month 13", () => {
    expect(() => daysInMonth(2026, 13)).toThrow(RangeError);
  });
});

describe("day numbers", () => {
  it.each([
    ["1970-01-01", 0],
    ["1969-12-31", -1],
    ["2000-03-01", 11017],
    ["2026-01-01", 20454],
    ["0001-01-01", -719162],
  ])("%s is day %i", (date, dayNumber) => {
    expect(toDayNumber(date)).toBe(dayNumber);
    expect(fromDayNumber(dayNumber)).toBe(date);
  });

  it("accepts parsed parts as well as strings", () => {
    expect(toDayNumber({ year: 2026, month: 1, day: 1 })).toBe(20454);
  });

  it("throws on an invalid date rather than guessing", () => {
    expect(() => toDayNumber("2026-02-30")).toThrow(/not a date/);
  });

  it("agrees with counting days one by one from 1970 (an independent oracle)", () => {
    // Walk 1970-01-01 .. 2040-12-31 with a month-length table written out here, not the module's.
    const lengths = (y: number) => [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let n = 0;
    for (let y = 1970; y <= 2040; y++) {
      lengths(y).forEach((length, m) => {
        for (let d = 1; d <= length; d++) {
          const iso = `${y}-${String(m + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
          if (toDayNumber(iso) !== n || fromDayNumber(n) !== iso) throw new Error(`mismatch at ${iso} (day ${n})`);
          n++;
        }
      });
    }
    expect(n).toBe(toDayNumber("2041-01-01"));
  });

  it("round-trips every day number in years 1..9999", () => {
    fc.assert(
      fc.property(fc.integer({ min: toDayNumber("0001-01-01"), max: toDayNumber("9999-12-31") }), (n) => {
        expect(toDayNumber(fromDayNumber(n))).toBe(n);
      }),
    );
  });
});

describe("dayOfWeek (ISO: 1 = Monday, 7 = Sunday)", () => {
  it.each([
    ["1970-01-01", 4],
    ["2026-12-23", 3],
    ["2026-12-25", 5],
    ["2026-12-26", 6],
    ["2026-12-27", 7],
    ["2026-12-28", 1],
    ["2024-02-29", 4],
    ["2000-01-01", 6],
    ["1969-12-28", 7],
  ])("%s is weekday %i", (date, weekday) => {
    expect(dayOfWeek(date)).toBe(weekday);
  });
});

describe("compareDates", () => {
  it.each([
    ["2026-01-01", "2026-01-02", -1],
    ["2026-01-02", "2026-01-01", 1],
    ["2026-01-01", "2026-01-01", 0],
    ["2025-12-31", "2026-01-01", -1],
  ])("compareDates(%s, %s) is %i", (a, b, order) => {
    expect(compareDates(a, b)).toBe(order);
  });
});

describe("addDays", () => {
  it.each([
    ["2026-01-31", 1, "2026-02-01"],
    ["2024-02-28", 1, "2024-02-29"],
    ["2023-02-28", 1, "2023-03-01"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2026-03-01", -1, "2026-02-28"],
    ["2024-03-01", -1, "2024-02-29"],
    ["2026-01-10", 0, "2026-01-10"],
    ["2026-01-10", 365, "2027-01-10"],
  ])("%s + %i days = %s", (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it("refuses fractional days", () => {
    expect(() => addDays("2026-01-10", 1.5)).toThrow(/whole numbers/);
  });
});

describe("addMonths (one step, clamped to the month's last day)", () => {
  it.each([
    ["2024-01-31", 1, "2024-02-29"],
    ["2023-01-31", 1, "2023-02-28"],
    ["2026-01-31", 2, "2026-03-31"],
    ["2026-03-31", 1, "2026-04-30"],
    ["2026-08-31", 1, "2026-09-30"],
    ["2026-01-15", 1, "2026-02-15"],
    ["2026-11-30", 2, "2027-01-30"],
    ["2026-12-31", 1, "2027-01-31"],
    ["2024-02-29", 12, "2025-02-28"],
    ["2024-02-29", 48, "2028-02-29"],
    ["2012-02-29", 13, "2013-03-29"], // 1 year 1 month in ONE step; two steps would give 2013-03-28
    ["2010-06-30", 189, "2026-03-30"], // 15 years 9 months
    ["2010-05-31", 189, "2026-02-28"],
    ["2024-03-31", -1, "2024-02-29"],
    ["2026-01-31", -2, "2025-11-30"],
    ["2026-01-10", -13, "2024-12-10"],
    ["2026-01-10", 0, "2026-01-10"],
  ])("%s + %i months = %s", (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it("is not the same as adding years then months separately", () => {
    const oneStep = addMonths("2012-02-29", 13);
    const twoSteps = addMonths(addMonths("2012-02-29", 12), 1);
    expect(oneStep).toBe("2013-03-29");
    expect(twoSteps).toBe("2013-03-28");
  });

  it("never leaves the day of month above the original or the month's length", () => {
    const date = fc.integer({ min: toDayNumber("1900-01-01"), max: toDayNumber("2100-12-31") }).map(fromDayNumber);
    fc.assert(
      fc.property(date, fc.integer({ min: -1200, max: 1200 }), (start, months) => {
        const result = parseIsoDate(addMonths(start, months));
        const original = parseIsoDate(start);
        if (result === undefined || original === undefined) throw new Error("unparseable");
        const expectedMonthIndex = original.year * 12 + original.month - 1 + months;
        expect(result.year * 12 + result.month - 1).toBe(expectedMonthIndex);
        expect(result.day).toBe(Math.min(original.day, daysInMonth(result.year, result.month)));
      }),
    );
  });

  it("refuses to leave the years 0001..9999", () => {
    expect(() => addMonths("9999-12-01", 1)).toThrow(/outside the years/);
  });
});
