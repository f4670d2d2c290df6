// Working days and bank holidays: substitutes, nation-specific days, protocol holidays, calendar
// `none`, counting from a weekend or holiday, going backwards, and refusing years outside the data.
import { describe, expect, it } from "vitest";
import {
  addDuration,
  addWorkingDays,
  CalendarCoverageError,
  duration,
  isBankHoliday,
  isWorkingDay,
  type CalendarName,
} from "../src/index.js";

describe("the spec's example", () => {
  it("within 3 working days of a meeting on Wed 2026-12-23 is due Wed 2026-12-30", () => {
    // Thu 24 (1); Fri 25 Christmas; Sat, Sun; Mon 28 Boxing Day substitute; Tue 29 (2); Wed 30 (3).
    expect(addWorkingDays("2026-12-23", 3, "england-and-wales")).toBe("2026-12-30");
    expect(addDuration("2026-12-23", duration({ workingDays: 3 }), "england-and-wales")).toBe("2026-12-30");
  });
});

describe("Christmas and Boxing Day substitutes", () => {
  it.each([
    // 2021: Christmas Sat, Boxing Day Sun -> Mon 27 and Tue 28.
    ["2021-12-24", false],
    ["2021-12-27", true],
    ["2021-12-28", true],
    ["2021-12-29", false],
    // 2022: Christmas Sun, Boxing Day Mon 26 -> Christmas substitute Tue 27.
    ["2022-12-26", true],
    ["2022-12-27", true],
    ["2022-12-28", false],
    // 2027: like 2021.
    ["2027-12-27", true],
    ["2027-12-28", true],
    ["2027-12-24", false],
    // 2026: Boxing Day Sat -> Mon 28.
    ["2026-12-25", true],
    ["2026-12-28", true],
  ])("england-and-wales: %s is a bank holiday: %s", (date, holiday) => {
    expect(isBankHoliday(date, "england-and-wales")).toBe(holiday);
  });

  it("skips both substitutes when counting across Christmas 2021", () => {
    // Thu 23 -> Fri 24 (1), Wed 29 (2).
    expect(addWorkingDays("2021-12-23", 2, "england-and-wales")).toBe("2021-12-29");
  });
});

describe("one-off bank holidays", () => {
  it.each([
    ["2012-06-04", "spring bank holiday moved"],
    ["2012-06-05", "Diamond Jubilee"],
    ["2020-05-08", "early May moved for VE Day"],
    ["2022-06-02", "spring bank holiday moved"],
    ["2022-06-03", "Platinum Jubilee"],
    ["2022-09-19", "State Funeral of Queen Elizabeth II"],
    ["2023-05-08", "Coronation of King Charles III"],
  ])("%s (%s) is a holiday in all three calendars", (date) => {
    for (const calendar of ["england-and-wales", "scotland", "northern-ireland"] as const) {
      expect(isBankHoliday(date, calendar)).toBe(true);
    }
  });

  it.each([
    ["2012-05-28", "the usual spring date in 2012"],
    ["2020-05-04", "the usual early May date in 2020"],
    ["2022-05-30", "the usual spring date in 2022"],
  ])("%s (%s) was a normal working day", (date) => {
    for (const calendar of ["england-and-wales", "scotland", "northern-ireland"] as const) {
      expect(isWorkingDay(date, calendar)).toBe(true);
    }
  });
});

describe("Scotland and Northern Ireland", () => {
  it.each([
    ["scotland", "2026-01-02", true, "2 January"],
    ["england-and-wales", "2026-01-02", false, "2 January is Scottish only"],
    ["scotland", "2027-01-04", true, "2 January (Sat) substitute"],
    ["scotland", "2026-08-03", true, "first Monday of August"],
    ["scotland", "2026-08-31", false, "no late August holiday"],
    ["england-and-wales", "2026-08-31", true, "last Monday of August"],
    ["scotland", "2026-04-06", false, "no Easter Monday"],
    ["scotland", "2026-11-30", true, "St Andrew's Day"],
    ["scotland", "2025-12-01", true, "St Andrew's Day (Sun) substitute"],
    ["scotland", "2024-12-02", true, "St Andrew's Day (Sat) substitute"],
    ["england-and-wales", "2026-11-30", false, "St Andrew's Day is Scottish only"],
    ["scotland", "2012-01-03", true, "2012 New Year's Day substitute after 2 January"],
    ["northern-ireland", "2026-03-17", true, "St Patrick's Day"],
    ["northern-ireland", "2024-03-18", true, "St Patrick's Day (Sun) substitute"],
    ["england-and-wales", "2026-03-17", false, "St Patrick's Day is NI only"],
    ["northern-ireland", "2027-07-12", true, "Battle of the Boyne"],
    ["northern-ireland", "2026-07-13", true, "Battle of the Boyne (Sun) substitute"],
    ["northern-ireland", "2025-07-14", true, "Battle of the Boyne (Sat) substitute"],
    ["scotland", "2026-07-13", false, "the Boyne is NI only"],
    ["northern-ireland", "2026-04-06", true, "Easter Monday"],
  ] as const)("%s %s holiday: %s (%s)", (calendar: CalendarName, date: string, holiday: boolean, _why: string) => {
    expect(isBankHoliday(date, calendar)).toBe(holiday);
  });

  it("counts working days differently in each nation", () => {
    // From Thu 2026-01-01 (a holiday everywhere): Fri 2nd is a holiday only in Scotland.
    expect(addWorkingDays("2026-01-01", 1, "england-and-wales")).toBe("2026-01-02");
    expect(addWorkingDays("2026-01-01", 1, "scotland")).toBe("2026-01-05");
    // From Fri 2026-03-13: Tue 17 March is a holiday only in Northern Ireland.
    expect(addWorkingDays("2026-03-13", 3, "england-and-wales")).toBe("2026-03-18");
    expect(addWorkingDays("2026-03-13", 3, "northern-ireland")).toBe("2026-03-19");
  });
});

describe("counting working days", () => {
  it("never counts the start date, even when it is a working day", () => {
    expect(addWorkingDays("2026-01-14", 1, "england-and-wales")).toBe("2026-01-15"); // Wed -> Thu
    expect(addWorkingDays("2026-01-16", 1, "england-and-wales")).toBe("2026-01-19"); // Fri -> Mon
  });

  it("starting on a weekend, the first working day after it is day 1", () => {
    expect(addWorkingDays("2026-01-17", 1, "england-and-wales")).toBe("2026-01-19"); // Sat -> Mon
    expect(addWorkingDays("2026-01-18", 1, "england-and-wales")).toBe("2026-01-19"); // Sun -> Mon
    expect(addWorkingDays("2026-01-17", 5, "england-and-wales")).toBe("2026-01-23");
  });

  it("starting on a bank holiday, the holiday is not counted", () => {
    // Good Friday 2026-04-03; Easter Monday 6th is a holiday too; Tue 7th is day 1.
    expect(addWorkingDays("2026-04-03", 1, "england-and-wales")).toBe("2026-04-07");
    expect(addWorkingDays("2026-04-03", 3, "england-and-wales")).toBe("2026-04-09");
  });

  it("zero working days leaves the date alone", () => {
    expect(addWorkingDays("2026-04-04", 0, "england-and-wales")).toBe("2026-04-04");
  });

  it("subtracts working days: the Nth working day before", () => {
    expect(addWorkingDays("2026-01-19", -1, "england-and-wales")).toBe("2026-01-16"); // Mon -> Fri
    expect(addWorkingDays("2026-04-07", -1, "england-and-wales")).toBe("2026-04-02"); // over Easter
    expect(addWorkingDays("2026-01-18", -1, "england-and-wales")).toBe("2026-01-16"); // from a Sunday
    expect(addWorkingDays("2026-01-05", -2, "scotland")).toBe("2025-12-30"); // over 1 and 2 January
  });

  it("refuses fractional counts", () => {
    expect(() => addWorkingDays("2026-01-05", 1.5, "none")).toThrow(/whole numbers/);
  });
});

describe("protocol holidays and calendar none", () => {
  it("skips the protocol's own holidays", () => {
    expect(addWorkingDays("2026-12-23", 3, "england-and-wales", ["2026-12-29"])).toBe("2026-12-31");
    expect(isWorkingDay("2026-12-29", "england-and-wales", ["2026-12-29"])).toBe(false);
    expect(isWorkingDay("2026-12-29", "england-and-wales")).toBe(true);
  });

  it("calendar none skips only weekends and the protocol's holidays", () => {
    expect(isWorkingDay("2026-12-25", "none")).toBe(true);
    expect(isWorkingDay("2026-12-26", "none")).toBe(false);
    expect(addWorkingDays("2026-12-23", 3, "none")).toBe("2026-12-28");
    expect(addWorkingDays("2026-12-23", 3, "none", ["2026-12-24", "2026-12-28"])).toBe("2026-12-30");
    expect(isBankHoliday("2026-12-25", "none")).toBe(false);
  });

  it("calendar none works in any year", () => {
    expect(addWorkingDays("2031-01-03", 1, "none")).toBe("2031-01-06");
  });

  it("rejects a malformed protocol holiday instead of ignoring it", () => {
    expect(() => addWorkingDays("2026-12-23", 3, "none", ["2026-12-32"])).toThrow(/not a date/);
  });

  it("rejects an unknown calendar from untyped callers", () => {
    expect(() => isWorkingDay("2026-01-05", "wales" as CalendarName)).toThrow(/Unknown calendar "wales"/);
  });
});

describe("years outside the data", () => {
  it("throws CalendarCoverageError with a clear message", () => {
    expect(() => isBankHoliday("2031-01-05", "england-and-wales")).toThrow(CalendarCoverageError);
    expect(() => isBankHoliday("2031-01-05", "england-and-wales")).toThrow(
      "The england-and-wales bank holiday calendar covers 2012 to 2027; 2031-01-05 is outside it.",
    );
    expect(() => isWorkingDay("2011-12-30", "scotland")).toThrow(/scotland bank holiday calendar covers 2012 to 2027/);
  });

  it("throws when counting runs past the data, never guessing", () => {
    // Fri 2027-12-31 + 1 working day would be Mon 2028-01-03, which the data does not cover.
    const error = (() => {
      try {
        addWorkingDays("2027-12-31", 1, "northern-ireland");
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CalendarCoverageError);
    expect(error).toMatchObject({ calendar: "northern-ireland", date: "2028-01-03", coverage: { firstYear: 2012, lastYear: 2027 } });
  });

  it("answers up to the edge of the data", () => {
    expect(addWorkingDays("2027-12-23", 2, "england-and-wales")).toBe("2027-12-29");
    expect(addWorkingDays("2012-01-04", -1, "england-and-wales")).toBe("2012-01-03");
    // Weekends need no holiday data, but Fri 2011-12-30 does: 2012-01-02 is a holiday, 1st is a Sunday.
    expect(() => addWorkingDays("2012-01-03", -1, "england-and-wales")).toThrow(/2011-12-30 is outside it/);
  });
});
