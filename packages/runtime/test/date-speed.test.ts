// Pins the results and errors of the date arithmetic that `decide` runs for every case, so that work
// to make it faster cannot change what it answers. Results are checked day by day against JavaScript
// `Date` (in UTC) as an independent reference, across leap years, century years and the first and
// last years the runtime can write; errors are pinned word for word, for bad dates and dates that
// step out of range, on every way in (the parse, day numbers, months, days, durations, working days).
import { describe, expect, it } from "vitest";
import {
  addDays,
  addDuration,
  addMonths,
  addWorkingDays,
  bankHolidays,
  CalendarCoverageError,
  compareDates,
  dayOfWeek,
  duration,
  fromDayNumber,
  isBankHoliday,
  isValidIsoDate,
  isWorkingDay,
  parseIsoDate,
  subtractDuration,
  toDayNumber,
  type CalendarName,
  type Duration,
} from "../src/index.js";

const DAY_MS = 86_400_000;
const FIRST_DAY = -719162; // 0001-01-01
const LAST_DAY = 2932896; // 9999-12-31

// --- The reference: JavaScript Date in UTC, which the runtime itself never uses. ---

/** A UTC Date for a calendar date; setUTCFullYear, because Date.UTC reads years 0-99 as 1900-1999. */
function utc(year: number, monthIndex: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date;
}
const refDayNumber = (year: number, month: number, day: number) => utc(year, month - 1, day).getTime() / DAY_MS;
const pad = (n: number, width: number) => String(n).padStart(width, "0");
function refParts(dayNumber: number): [number, number, number] {
  const date = new Date(dayNumber * DAY_MS);
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
}
function refIso(dayNumber: number): string {
  const [year, month, day] = refParts(dayNumber);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}
const refLastDay = (year: number, month: number) => utc(year, month, 0).getUTCDate();

/** What a call should give: its value, or the class and exact message of what it throws. */
type Outcome = { value: unknown } | { error: string; message: string };
function outcome(call: () => unknown): Outcome {
  try {
    return { value: call() };
  } catch (error) {
    return { error: (error as Error).constructor.name, message: (error as Error).message };
  }
}
/** The error fromDayNumber gives for a whole day number outside 0001-01-01..9999-12-31: the unpadded parts. */
function outOfRange(dayNumber: number): Outcome {
  const [year, month, day] = refParts(dayNumber);
  return {
    error: "RangeError",
    message: `${year}-${month}-${day} is not a calendar date between 0001-01-01 and 9999-12-31.`,
  };
}
const refAddDaysOutcome = (dayNumber: number, days: number): Outcome => {
  const result = dayNumber + days;
  return result < FIRST_DAY || result > LAST_DAY ? outOfRange(result) : { value: refIso(result) };
};
/** `iso + months`, clamped to the last day of the month; or the error for leaving years 0001..9999. */
function refAddMonths(iso: string, months: number): { dayNumber: number } | { error: string; message: string } {
  const [year, month, day] = [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
  const index = year * 12 + month - 1 + months;
  const newYear = Math.floor(index / 12);
  const newMonth = index - newYear * 12 + 1;
  if (newYear < 1 || newYear > 9999) {
    return { error: "RangeError", message: `${iso} + ${months} months falls outside the years 0001 to 9999.` };
  }
  return { dayNumber: refDayNumber(newYear, newMonth, Math.min(day, refLastDay(newYear, newMonth))) };
}

/** Every day of the years given, as [ISO date, reference day number]. */
function everyDay(firstYear: number, lastYear: number): [string, number][] {
  const days: [string, number][] = [];
  for (let n = refDayNumber(firstYear, 1, 1); n <= refDayNumber(lastYear, 12, 31); n++) days.push([refIso(n), n]);
  return days;
}

// Leap years (4, 2000, 2024, 2028, 2400), century years that are not (100, 1900, 2100), day 0 and
// its neighbours, and the first and last years the runtime can write.
const YEAR_RANGES: [number, number][] = [
  [1, 5],
  [99, 101],
  [399, 401],
  [1899, 1901],
  [1969, 1971],
  [1999, 2001],
  [2023, 2029],
  [2099, 2101],
  [2399, 2401],
  [9996, 9999],
];
const DAYS = YEAR_RANGES.flatMap(([first, last]) => everyDay(first, last));

/** Runs `check` on every day and returns the first few disagreements (so a failure says where). */
function mismatches(check: (iso: string, dayNumber: number) => string | undefined): string[] {
  const found: string[] = [];
  for (const [iso, dayNumber] of DAYS) {
    const problem = check(iso, dayNumber);
    if (problem !== undefined && found.push(problem) >= 10) break;
  }
  return found;
}
function sameOutcome(a: Outcome, b: Outcome): boolean {
  if ("value" in a || "value" in b) return "value" in a && "value" in b && a.value === b.value;
  return a.error === b.error && a.message === b.message;
}
const differs = (label: string, actual: Outcome, expected: Outcome): string | undefined =>
  sameOutcome(actual, expected)
    ? undefined
    : `${label}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;

describe("every day of the sample years agrees with Date", () => {
  it("covers leap days, year ends and the edges of the range", () => {
    const dates = new Set(DAYS.map(([iso]) => iso));
    for (const iso of [
      "0001-01-01",
      "0004-02-29",
      "0100-02-28",
      "0400-02-29",
      "1900-02-28",
      "2000-02-29",
      "2024-02-29",
      "9999-12-31",
    ]) {
      expect(dates.has(iso)).toBe(true);
    }
    expect(dates.has("1900-02-29") || dates.has("2100-02-29") || dates.has("0100-02-29")).toBe(false);
    expect(DAYS.length).toBe(13_512); // 37 years, 7 of them leap years
  });

  it("reads, writes and numbers each day", () => {
    expect(
      mismatches((iso, n) => {
        const [year, month, day] = refParts(n);
        const weekday = new Date(n * DAY_MS).getUTCDay() || 7;
        if (toDayNumber(iso) !== n) return `toDayNumber(${iso}) = ${toDayNumber(iso)}, expected ${n}`;
        if (fromDayNumber(n) !== iso) return `fromDayNumber(${n}) = ${fromDayNumber(n)}, expected ${iso}`;
        if (!isValidIsoDate(iso)) return `isValidIsoDate(${iso}) is false`;
        if (JSON.stringify(parseIsoDate(iso)) !== JSON.stringify({ year, month, day })) return `parseIsoDate(${iso})`;
        if (toDayNumber({ year, month, day }) !== n) return `toDayNumber of the parts of ${iso}`;
        if (dayOfWeek(iso) !== weekday) return `dayOfWeek(${iso}) = ${dayOfWeek(iso)}, expected ${weekday}`;
        return undefined;
      }),
    ).toEqual([]);
  });

  it("compares each day with the days either side", () => {
    expect(
      mismatches((iso, n) => {
        const order = [
          compareDates(iso, iso),
          n > FIRST_DAY ? compareDates(iso, refIso(n - 1)) : 1,
          n < LAST_DAY ? compareDates(iso, refIso(n + 1)) : -1,
          n < LAST_DAY ? compareDates(refIso(n + 1), iso) : 1,
        ];
        return order.join() === "0,1,-1,1" ? undefined : `compareDates around ${iso}: ${order.join()}`;
      }),
    ).toEqual([]);
  });

  it("adds days, including past 0001-01-01 and 9999-12-31 (which throw)", () => {
    const counts = [-1000, -366, -365, -31, -1, 0, 1, 7, 21, 28, 59, 365, 366, 1000];
    expect(
      mismatches((iso, n) => {
        for (const days of counts) {
          const problem = differs(
            `addDays(${iso}, ${days})`,
            outcome(() => addDays(iso, days)),
            refAddDaysOutcome(n, days),
          );
          if (problem !== undefined) return problem;
        }
        return undefined;
      }),
    ).toEqual([]);
  });

  it("adds months in one step, clamped to the month's last day", () => {
    const counts = [-120, -13, -12, -11, -1, 0, 1, 2, 11, 12, 13, 24, 48, 189, 216];
    expect(
      mismatches((iso) => {
        for (const months of counts) {
          const reference = refAddMonths(iso, months);
          const expected: Outcome = "dayNumber" in reference ? { value: refIso(reference.dayNumber) } : reference;
          const problem = differs(
            `addMonths(${iso}, ${months})`,
            outcome(() => addMonths(iso, months)),
            expected,
          );
          if (problem !== undefined) return problem;
        }
        return undefined;
      }),
    ).toEqual([]);
  });

  it("adds and subtracts durations: months first, then days", () => {
    const durations: [number, number][] = [
      [0, 0],
      [0, 1],
      [0, 21], // 3 weeks
      [0, 56],
      [1, 0],
      [1, 1],
      [13, 0],
      [189, 0], // 15 years 9 months
      [216, 0], // 18 years
      [1, 7],
      [12, 400],
    ];
    const expectedSum = (iso: string, months: number, days: number): Outcome => {
      const afterMonths = refAddMonths(iso, months);
      return "dayNumber" in afterMonths ? refAddDaysOutcome(afterMonths.dayNumber, days) : afterMonths;
    };
    expect(
      mismatches((iso) => {
        for (const [months, days] of durations) {
          const value = duration({ months, days });
          const back = (n: number) => (n === 0 ? 0 : -n);
          const problem =
            differs(
              `${iso} + ${months}m ${days}d`,
              outcome(() => addDuration(iso, value, "none")),
              expectedSum(iso, months, days),
            ) ??
            differs(
              `${iso} - ${months}m ${days}d`,
              outcome(() => subtractDuration(iso, value, "none")),
              expectedSum(iso, back(months), back(days)),
            );
          if (problem !== undefined) return problem;
        }
        return undefined;
      }),
    ).toEqual([]);
  });

  it("a zero duration gives back the date it was given", () => {
    const zero = duration({});
    expect(
      mismatches((iso) =>
        addDuration(iso, zero, "none") === iso && subtractDuration(iso, zero, "england-and-wales") === iso
          ? undefined
          : iso,
      ),
    ).toEqual([]);
  });
});

describe("working days agree with a day-by-day count over every covered day", () => {
  const CALENDARS: CalendarName[] = ["england-and-wales", "scotland", "northern-ireland", "none"];
  const FIRST_COVERED = refDayNumber(2012, 1, 1);
  const LAST_COVERED = refDayNumber(2027, 12, 31);

  /**
   * The reference: step a day at a time; weekends, the protocol's own holidays and the calendar's
   * holidays do not count, and only a weekday that is not a protocol holiday needs the calendar's data.
   */
  function refAddWorkingDays(
    n: number,
    count: number,
    calendar: CalendarName,
    holidays: ReadonlySet<string>,
    extra: ReadonlySet<string> = new Set(),
  ): Outcome {
    const step = count < 0 ? -1 : 1;
    let day = n;
    for (let remaining = Math.abs(count); remaining > 0;) {
      day += step;
      const weekday = new Date(day * DAY_MS).getUTCDay();
      if (weekday === 0 || weekday === 6 || extra.has(refIso(day))) continue;
      if (calendar !== "none" && (day < FIRST_COVERED || day > LAST_COVERED)) {
        return {
          error: "CalendarCoverageError",
          message: `The ${calendar} bank holiday calendar covers 2012 to 2027; ${refIso(day)} is outside it.`,
        };
      }
      if (!holidays.has(refIso(day))) remaining -= 1;
    }
    return { value: refIso(day) };
  }

  it.each(CALENDARS)("%s", (calendar) => {
    const holidays = new Set(bankHolidays(calendar));
    const found: string[] = [];
    for (let n = FIRST_COVERED - 10; n <= LAST_COVERED + 10 && found.length < 10; n++) {
      const iso = refIso(n);
      const inData = n >= FIRST_COVERED && n <= LAST_COVERED;
      const weekday = new Date(n * DAY_MS).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      if (inData || calendar === "none") {
        if (isBankHoliday(iso, calendar) !== holidays.has(iso)) found.push(`isBankHoliday(${iso})`);
        if (isWorkingDay(iso, calendar) !== (!weekend && !holidays.has(iso))) found.push(`isWorkingDay(${iso})`);
      }
      for (const count of [0, 1, 3, -3, 10, -10]) {
        const problem = differs(
          `addWorkingDays(${iso}, ${count}, ${calendar})`,
          outcome(() => addWorkingDays(iso, count, calendar)),
          refAddWorkingDays(n, count, calendar, holidays),
        );
        if (problem !== undefined) found.push(problem);
      }
      // The protocol's own holidays (here the next two days and the day before yesterday) are skipped too.
      const extra = [refIso(n + 1), refIso(n + 2), refIso(n - 2)];
      const problem =
        differs(
          `addWorkingDays(${iso}, 3, ${calendar}, ${extra.join()})`,
          outcome(() => addWorkingDays(iso, 3, calendar, extra)),
          refAddWorkingDays(n, 3, calendar, holidays, new Set(extra)),
        ) ??
        differs(
          `addWorkingDays(${iso}, -3, ${calendar}, ${extra.join()})`,
          outcome(() => addWorkingDays(iso, -3, calendar, extra)),
          refAddWorkingDays(n, -3, calendar, holidays, new Set(extra)),
        );
      if (problem !== undefined) found.push(problem);
    }
    expect(found).toEqual([]);
  });

  it("is the same through addDuration and subtractDuration", () => {
    const three = duration({ workingDays: 3 });
    for (let n = FIRST_COVERED + 10; n <= LAST_COVERED - 10; n += 1) {
      const iso = refIso(n);
      if (addDuration(iso, three, "england-and-wales") !== addWorkingDays(iso, 3, "england-and-wales"))
        throw new Error(`+ ${iso}`);
      if (subtractDuration(iso, three, "scotland") !== addWorkingDays(iso, -3, "scotland")) throw new Error(`- ${iso}`);
    }
  });
});

describe("errors are unchanged, word for word", () => {
  const notADate = (text: string) => ({
    error: "RangeError",
    message: `"${text}" is not a date: expected a real calendar date written YYYY-MM-DD.`,
  });
  const notParts = (text: string) => ({
    error: "RangeError",
    message: `${text} is not a calendar date between 0001-01-01 and 9999-12-31.`,
  });
  const zero: Duration = { months: 0, days: 0, workingDays: 0 };
  const oneDay: Duration = { months: 0, days: 1, workingDays: 0 };
  const oneMonth: Duration = { months: 1, days: 0, workingDays: 0 };
  const threeWorkingDays: Duration = { months: 0, days: 0, workingDays: 3 };

  /** Every way a date goes in, with the two forms of error a bad one can give. */
  function everyWayIn(date: unknown): Record<string, Outcome> {
    const d = date as string;
    return {
      toDayNumber: outcome(() => toDayNumber(d)),
      dayOfWeek: outcome(() => dayOfWeek(d)),
      compareDatesFirst: outcome(() => compareDates(d, "2026-01-01")),
      compareDatesSecond: outcome(() => compareDates("2026-01-01", d)),
      addDays: outcome(() => addDays(d, 1)),
      addMonths: outcome(() => addMonths(d, 1)),
      addMonthsZero: outcome(() => addMonths(d, 0)),
      addDurationZero: outcome(() => addDuration(d, zero, "none")),
      addDurationDays: outcome(() => addDuration(d, oneDay, "none")),
      addDurationMonths: outcome(() => addDuration(d, oneMonth, "none")),
      addDurationWorkingDays: outcome(() => addDuration(d, threeWorkingDays, "england-and-wales")),
      subtractDurationZero: outcome(() => subtractDuration(d, zero, "none")),
      subtractDurationDays: outcome(() => subtractDuration(d, oneDay, "none")),
      isWorkingDay: outcome(() => isWorkingDay(d, "none")),
      addWorkingDaysZero: outcome(() => addWorkingDays(d, 0, "none")),
    };
  }
  /** What the runtime has always thrown: strings and `addMonths` say "not a date"; other values reach the parts check. */
  function expectedErrors(date: unknown, parts: Outcome): Record<string, Outcome> {
    const text = notADate(String(date));
    const viaDayNumber = typeof date === "string" ? text : parts;
    return {
      toDayNumber: viaDayNumber,
      dayOfWeek: viaDayNumber,
      compareDatesFirst: viaDayNumber,
      compareDatesSecond: viaDayNumber,
      addDays: viaDayNumber,
      addMonths: text,
      addMonthsZero: text,
      addDurationZero: text,
      addDurationDays: text,
      addDurationMonths: text,
      addDurationWorkingDays: viaDayNumber,
      subtractDurationZero: text,
      subtractDurationDays: text,
      isWorkingDay: viaDayNumber,
      addWorkingDaysZero: viaDayNumber,
    };
  }

  it.each([
    "2026-02-30",
    "2026-02-29",
    "1900-02-29",
    "2026-2-01",
    "2026-01-1",
    " 2026-01-01",
    "2026-01-01 ",
    "0000-01-01",
    "10000-01-01",
    "2026-13-01",
    "2026-00-10",
    "2026-01-00",
    "2026-01-32",
    "2026/01/01",
    "20260101",
    "２０２６-01-10",
    "2026-01-10T00:00",
    "+02026-01-10",
    "-2026-01-10",
    "",
  ])("the string %j", (text) => {
    expect(parseIsoDate(text)).toBeUndefined();
    expect(isValidIsoDate(text)).toBe(false);
    expect(everyWayIn(text)).toEqual(expectedErrors(text, notADate(text)));
  });

  it.each([
    [20260101, "undefined-undefined-undefined"],
    [2026 - 1 - 1, "undefined-undefined-undefined"], // 2026-01-01 written as a sum: 2024
    [{ year: 2026, month: 2, day: 30 }, "2026-2-30"],
    [{ year: 0, month: 1, day: 1 }, "0-1-1"],
  ])("the non-string %j", (value, parts) => {
    expect(parseIsoDate(value as unknown as string)).toBeUndefined();
    expect(everyWayIn(value)).toEqual(expectedErrors(value, notParts(parts)));
  });

  it.each([null, undefined])("%s", (value) => {
    const destructure = {
      error: "TypeError",
      message: `Cannot destructure property 'year' of 'date' as it is ${String(value)}.`,
    };
    expect(everyWayIn(value)).toEqual(expectedErrors(value, destructure));
  });

  it("a valid parts object is read through toDayNumber, and refused by addMonths and durations", () => {
    const parts = { year: 2026, month: 1, day: 31 } as unknown as string;
    expect(toDayNumber(parts)).toBe(20484);
    expect(addDays(parts, 1)).toBe("2026-02-01");
    expect(addWorkingDays(parts, 0, "none")).toBe("2026-01-31");
    expect(outcome(() => addDuration(parts, oneDay, "none"))).toEqual(notADate("[object Object]"));
  });

  it.each([
    ["addDays 9999-12-31 + 1", () => addDays("9999-12-31", 1), notParts("10000-1-1")],
    ["addDays 0001-01-01 - 1", () => addDays("0001-01-01", -1), notParts("0-12-31")],
    ["addDuration 9999-12-31 + 1 day", () => addDuration("9999-12-31", oneDay, "none"), notParts("10000-1-1")],
    ["subtractDuration 0001-01-01 - 1 day", () => subtractDuration("0001-01-01", oneDay, "none"), notParts("0-12-31")],
    [
      "addDuration a day sum past safe integers",
      () => addDuration("2026-01-01", { months: 0, days: 2 ** 53 - 1, workingDays: 0 }, "none"),
      { error: "RangeError", message: "9007199254761444 is not a whole day number." },
    ],
    [
      "addMonths 9999-12-01 + 1",
      () => addMonths("9999-12-01", 1),
      { error: "RangeError", message: "9999-12-01 + 1 months falls outside the years 0001 to 9999." },
    ],
    [
      "subtractDuration 0001-01-31 - 1 month",
      () => subtractDuration("0001-01-31", oneMonth, "none"),
      { error: "RangeError", message: "0001-01-31 + -1 months falls outside the years 0001 to 9999." },
    ],
    [
      "fromDayNumber 2^53",
      () => fromDayNumber(2 ** 53),
      { error: "RangeError", message: "9007199254740992 is not a whole day number." },
    ],
    ["fromDayNumber 1.5", () => fromDayNumber(1.5), { error: "RangeError", message: "1.5 is not a whole day number." }],
    ["fromDayNumber NaN", () => fromDayNumber(NaN), { error: "RangeError", message: "NaN is not a whole day number." }],
    [
      'fromDayNumber "5"',
      () => fromDayNumber("5" as unknown as number),
      { error: "RangeError", message: "5 is not a whole day number." },
    ],
    ["fromDayNumber 10000-01-01", () => fromDayNumber(LAST_DAY + 1), notParts("10000-1-1")],
    ["fromDayNumber 0000-12-31", () => fromDayNumber(FIRST_DAY - 1), notParts("0-12-31")],
    ["fromDayNumber -1e12", () => fromDayNumber(-1e12), notParts("-2737905037-1-5")],
    ["addWorkingDays past 9999-12-31", () => addWorkingDays("9999-12-31", 1, "none"), notParts("10000-1-1")],
    ["addWorkingDays before 0001-01-01", () => addWorkingDays("0001-01-01", -1, "none"), notParts("0-12-31")],
    [
      "addWorkingDays past the holiday data",
      () => addWorkingDays("2027-12-31", 1, "northern-ireland"),
      {
        error: "CalendarCoverageError",
        message: "The northern-ireland bank holiday calendar covers 2012 to 2027; 2028-01-03 is outside it.",
      },
    ],
    [
      "addWorkingDays, unknown calendar, on the first weekday",
      () => addWorkingDays("2026-01-02", 1, "wales" as CalendarName),
      {
        error: "RangeError",
        message: 'Unknown calendar "wales"; expected one of: england-and-wales, scotland, northern-ireland, none.',
      },
    ],
    [
      "addWorkingDays, unknown calendar, zero days (never consulted)",
      () => addWorkingDays("2026-01-02", 0, "wales" as CalendarName),
      { value: "2026-01-02" },
    ],
    [
      "addWorkingDays, a bad protocol holiday",
      () => addWorkingDays("2026-12-23", 3, "none", ["2026-12-32"]),
      notADate("2026-12-32"),
    ],
    [
      "addDuration 1.5 months",
      () => addDuration("2026-01-01", { months: 1.5, days: 0, workingDays: 0 }, "none"),
      { error: "RangeError", message: "A duration must be a whole number of each unit; months is 1.5." },
    ],
    [
      "addDuration days missing",
      () => addDuration("2026-01-01", { months: 1 } as Duration, "none"),
      { error: "RangeError", message: "A duration must be a whole number of each unit; days is undefined." },
    ],
    [
      "addDuration NaN working days",
      () => addDuration("2026-01-01", { months: 0, days: 0, workingDays: NaN }, "none"),
      { error: "RangeError", message: "A duration must be a whole number of each unit; workingDays is NaN." },
    ],
    [
      "addDuration null",
      () => addDuration("2026-01-01", null as unknown as Duration, "none"),
      { error: "TypeError", message: "Cannot read properties of null (reading 'months')" },
    ],
    [
      "the duration is checked before the date",
      () => addDuration("2026-02-30", { months: 1.5, days: 0, workingDays: 0 }, "none"),
      { error: "RangeError", message: "A duration must be a whole number of each unit; months is 1.5." },
    ],
    [
      "subtractDuration mixing units",
      () => subtractDuration("2026-01-01", { months: 1, days: 0, workingDays: 2 }, "none"),
      {
        error: "RangeError",
        message:
          "A duration cannot mix working days with other units (got 2 working days with 1 months and 0 days); working days and calendar time count differently.",
      },
    ],
    [
      "addDays 1.5 before the date",
      () => addDays("2026-02-30", 1.5),
      { error: "RangeError", message: "Cannot add 1.5 days: only whole numbers of days can be added to a date." },
    ],
    [
      "addMonths 1.5 before the date",
      () => addMonths("2026-02-30", 1.5),
      { error: "RangeError", message: "Cannot add 1.5 months: only whole numbers of months can be added to a date." },
    ],
  ] as [string, () => unknown, Outcome][])("%s", (_label, call, expected) => {
    expect(outcome(call)).toEqual(expected);
  });

  it("a coverage error carries its calendar, date and coverage", () => {
    let caught: unknown;
    try {
      addDuration("2027-12-31", duration({ workingDays: 1 }), "scotland");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CalendarCoverageError);
    expect(caught).toMatchObject({
      calendar: "scotland",
      date: "2028-01-03",
      coverage: { firstYear: 2012, lastYear: 2027 },
    });
  });

  it("a protocol holiday list changed in place is read again", () => {
    // From Wed 2026-12-23 with calendar none: Thu 24, Fri 25, Mon 28, Tue 29 are the candidates.
    const holidays = ["2026-12-24"];
    expect(addWorkingDays("2026-12-23", 3, "none", holidays)).toBe("2026-12-29");
    holidays[0] = "2026-12-31";
    expect(addWorkingDays("2026-12-23", 3, "none", holidays)).toBe("2026-12-28");
    holidays.push("2026-12-28");
    expect(addWorkingDays("2026-12-23", 3, "none", holidays)).toBe("2026-12-29");
  });
});
