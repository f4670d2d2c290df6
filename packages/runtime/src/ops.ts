// The small operations compiled protocols are made of. Each takes values that may be unknown
// (`undefined`) and gives unknown when the answer depends on one, as three-valued logic requires.
import type { CalendarName } from "./calendars.js";
import type { Evaluation } from "./condition.js";
import { addDuration, compareElapsed, subtractDuration, type ComparisonOperator, type Duration } from "./duration.js";
import type { Truth } from "./logic.js";

/** `a < b` and friends, for numbers and ISO dates (which order as strings). */
export function compare(a: number | string | undefined, operator: ComparisonOperator, b: number | string | undefined): Truth {
  if (a === undefined || b === undefined) return undefined;
  switch (operator) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
}

function sameDuration(a: Duration, b: Duration): boolean {
  return a.months === b.months && a.days === b.days && a.workingDays === b.workingDays;
}

/** `a is b`. */
export function equals<T>(a: T | undefined, b: T | undefined): Truth {
  if (a === undefined || b === undefined) return undefined;
  if (typeof a === "object" && typeof b === "object" && a !== null && b !== null) {
    return sameDuration(a as unknown as Duration, b as unknown as Duration);
  }
  return a === b;
}

/** `a is one of b, c`. */
export function oneOf<T>(a: T | undefined, values: readonly (T | undefined)[]): Truth {
  let result: Truth = false;
  for (const value of values) {
    const same = equals(a, value);
    if (same === true) return true;
    if (same === undefined) result = undefined;
  }
  return result;
}

/** `time since d OP duration`, exactly: `d + duration OP' today`. */
export function elapsed(
  e: Evaluation,
  since: string | undefined,
  operator: ComparisonOperator,
  amount: Duration | undefined,
  calendar: CalendarName,
  holidays: readonly string[],
): Truth {
  if (since === undefined || amount === undefined) return undefined;
  return compareElapsed(since, operator, amount, e.today, calendar, holidays);
}

/** `date + duration` or `date - duration`. */
export function shift(
  date: string | undefined,
  sign: 1 | -1,
  amount: Duration | undefined,
  calendar: CalendarName,
  holidays: readonly string[],
): string | undefined {
  if (date === undefined || amount === undefined) return undefined;
  return sign > 0 ? addDuration(date, amount, calendar, holidays) : subtractDuration(date, amount, calendar, holidays);
}

/** `a + b` or `a - b` for numbers. */
export function add(a: number | undefined, sign: 1 | -1, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a + sign * b;
}

/** The date an event was held, or else is scheduled for; unknown when neither. */
export function eventDate(e: Evaluation, event: string): string | undefined {
  const record = e.input.events?.[event];
  return record?.held ?? record?.scheduled;
}

/** `e held`: the event has taken place. */
export function held(e: Evaluation, event: string): boolean {
  return e.input.events?.[event]?.held !== undefined;
}

/** `e scheduled`: the event has not taken place and has a date still to come (today or later). */
export function scheduled(e: Evaluation, event: string): boolean {
  const record = e.input.events?.[event];
  return record?.held === undefined && record?.scheduled !== undefined && record.scheduled >= e.today;
}

/**
 * `d complete`, and a decision's `missing` documents. `indexOf`, not `includes`: the list is frozen
 * in `validate`'s copies, and V8's `includes` on a frozen array is the slow, general one (documents
 * are strings, for which the two agree).
 */
export function complete(e: Evaluation, document: string): boolean {
  const documents = e.input.documents;
  return documents !== undefined && documents.indexOf(document) !== -1;
}

/** `count xs where C`: unknown when the list is, or when an entry's condition is unknown. */
export function count<T>(list: readonly T[] | undefined, test?: (entry: T) => Truth): number | undefined {
  if (list === undefined) return undefined;
  if (test === undefined) return list.length;
  let total = 0;
  for (const entry of list) {
    const value = test(entry);
    if (value === undefined) return undefined;
    if (value) total++;
  }
  return total;
}

/** `any xs where C`: true if some entry certainly satisfies C. */
export function any<T>(list: readonly T[] | undefined, test: (entry: T) => Truth): Truth {
  if (list === undefined) return undefined;
  let result: Truth = false;
  for (const entry of list) {
    const value = test(entry);
    if (value === true) return true;
    if (value === undefined) result = undefined;
  }
  return result;
}

/** `all xs where C`: false if some entry certainly fails C. */
export function all<T>(list: readonly T[] | undefined, test: (entry: T) => Truth): Truth {
  if (list === undefined) return undefined;
  let result: Truth = true;
  for (const entry of list) {
    const value = test(entry);
    if (value === false) return false;
    if (value === undefined) result = undefined;
  }
  return result;
}
