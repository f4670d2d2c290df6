// Checks a case record against a protocol's declarations before anything is decided about it, and
// returns a clean copy: every problem is listed with its JSON path, and no decision is ever made
// on a record that is not valid.
import { CaseError, type CaseProblem } from "./case-error.js";
import { bareObject, forbiddenKeys, type CaseInput, type EventRecord } from "./case-input.js";
import { isValidIsoDate } from "./civil-date.js";
import { duration, type Duration } from "./duration.js";
import { closestName, type SuggestionBudget } from "./suggest.js";
import { validateQuickly } from "./validate-fast.js";

export type ValueSchema =
  | { readonly kind: "yes/no" }
  | { readonly kind: "number" }
  | { readonly kind: "date" }
  | { readonly kind: "duration" }
  | { readonly kind: "team" }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "list"; readonly fields: Readonly<Record<string, ValueSchema>> };

/** What a protocol declares, as `validate` needs it. */
export interface CaseSchema {
  readonly teams: readonly string[];
  readonly events: readonly string[];
  readonly documents: readonly string[];
  readonly facts: Readonly<Record<string, ValueSchema>>;
}

/** Enough to say what is wrong with a badly broken record without printing a novel. */
const MAX_PROBLEMS = 100;


class Validator {
  readonly problems: CaseProblem[] = [];
  /** Set once MAX_PROBLEMS are listed: the record is refused anyway, so the rest is not read. */
  full = false;

  /**
   * What the "did you mean" suggestions may cost, in table cells (`closestName`): plenty for a
   * record's typos, not enough for a hostile record of thousands of long unknown names to be slow.
   */
  private readonly suggestions: SuggestionBudget = { left: 2_000_000 };

  constructor(private readonly schema: CaseSchema) {}

  /** `; did you mean \`name\`?` for the candidate closest to a misspelt name, or nothing. */
  private didYouMean(name: string, candidates: Iterable<string>): string {
    const meant = closestName(name, candidates, this.suggestions);
    return meant === undefined ? "" : `; did you mean \`${meant}\`?`;
  }

  /**
   * What to say of a name that is not one of `allowed`: the closest one when it differs only in
   * capitals; otherwise the list of allowed names, after the closest one if one is close (a guess,
   * so the list stays).
   */
  private allowedOnes(name: string, allowed: readonly string[], listed: string): string {
    const meant = closestName(name, allowed, this.suggestions);
    if (meant !== undefined && meant.toLowerCase() === name.toLowerCase()) return `; did you mean \`${meant}\`?`;
    const list = `${listed}: ${allowed.join(", ")}`;
    return meant === undefined ? `; ${list}` : `; did you mean \`${meant}\`? (${list})`;
  }

  problem(path: string, message: string): void {
    if (this.full) return;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ path, message });
    else {
      this.full = true;
      this.problems.push({ path: "$", message: `has more problems than the first ${MAX_PROBLEMS} listed here; correct these and validate it again` });
    }
  }

  /** A plain object (not an array, not null), with no forbidden keys. */
  object(value: unknown, path: string, what: string): Record<string, unknown> | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof Date) {
      this.problem(path, `should be ${what}, but is ${describe(value)}`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (forbiddenKeys.has(key)) this.problem(`${path}${member(key)}`, `\`${key}\` is not allowed as a key`);
      if (this.full) break;
    }
    return value as Record<string, unknown>;
  }

  oneOf(value: unknown, allowed: readonly string[], path: string, what: string): string | undefined {
    if (typeof value !== "string") {
      this.problem(path, `should be ${what} (a string), but is ${describe(value)}`);
      return undefined;
    }
    if (!allowed.includes(value)) {
      this.problem(path, `\`${shorten(value)}\` is not ${what}${this.allowedOnes(value, allowed, "expected one of")}`);
      return undefined;
    }
    return value;
  }

  date(value: unknown, path: string): string | undefined {
    if (typeof value !== "string") {
      this.problem(path, `should be a date written YYYY-MM-DD, but is ${describe(value)}`);
      return undefined;
    }
    if (!isValidIsoDate(value)) {
      this.problem(path, `\`${shorten(value)}\` is not a real date written YYYY-MM-DD (no time or time zone)`);
      return undefined;
    }
    return value;
  }

  value(value: unknown, schema: ValueSchema, path: string): unknown {
    switch (schema.kind) {
      case "yes/no":
        if (typeof value !== "boolean") this.problem(path, `should be yes or no (true or false), but is ${describe(value)}`);
        return value;
      case "number":
        if (typeof value !== "number" || !Number.isFinite(value)) this.problem(path, `should be a number, but is ${describe(value)}`);
        return value;
      case "date":
        return this.date(value, path);
      case "team":
        return this.oneOf(value, this.schema.teams, path, "a team");
      case "enum":
        return this.oneOf(value, schema.values, path, "one of the allowed values");
      case "duration":
        return this.duration(value, path);
      case "list": {
        if (!Array.isArray(value)) {
          this.problem(path, `should be a list, but is ${describe(value)}`);
          return undefined;
        }
        const entries: Record<string, unknown>[] = [];
        for (let index = 0; index < value.length && !this.full; index++) entries.push(this.record(value[index], schema.fields, `${path}[${index}]`));
        return entries;
      }
    }
  }

  record(value: unknown, fields: Readonly<Record<string, ValueSchema>>, path: string): Record<string, unknown> {
    const copy = bareObject<unknown>();
    const entry = this.object(value, path, "a record");
    if (entry === undefined) return copy;
    for (const [key, fieldValue] of Object.entries(entry)) {
      if (this.full) break;
      if (forbiddenKeys.has(key)) continue;
      const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
      if (field === undefined) {
        this.problem(`${path}${member(key)}`, `there is no field \`${shorten(key)}\`${this.allowedOnes(key, Object.keys(fields), "the fields are")}`);
        continue;
      }
      if (fieldValue !== undefined && fieldValue !== null) copy[key] = this.value(fieldValue, field, `${path}${member(key)}`);
    }
    return copy;
  }

  duration(value: unknown, path: string): Duration | undefined {
    const parts = this.object(value, path, "a duration such as {\"weeks\": 6}");
    if (parts === undefined) return undefined;
    const units = ["years", "months", "weeks", "days", "workingDays"];
    const amounts = bareObject<number>();
    for (const [unit, amount] of Object.entries(parts)) {
      if (this.full) break;
      if (!units.includes(unit)) {
        if (!forbiddenKeys.has(unit)) this.problem(`${path}${member(unit)}`, `is not a unit; use ${units.join(", ")}`);
        continue;
      }
      if (typeof amount !== "number" || !Number.isSafeInteger(amount) || amount < 0) {
        this.problem(`${path}${member(unit)}`, `should be a whole number of ${unit}, but is ${describe(amount)}`);
        continue;
      }
      amounts[unit] = amount;
    }
    if (amounts["workingDays"] !== undefined && Object.keys(amounts).length > 1) {
      this.problem(path, "cannot mix working days with other units");
      return undefined;
    }
    return duration(amounts);
  }

  caseRecord(input: unknown): CaseInput {
    const record = this.object(input, "$", "a case record (an object with `team` and `facts`)");
    if (record === undefined) throw new CaseError(this.problems);
    for (const key of Object.keys(record)) {
      if (this.full) break;
      if (!recordKeys.includes(key) && !forbiddenKeys.has(key)) {
        this.problem(`$${member(key)}`, `is not part of a case record${this.didYouMean(key, recordKeys) || "; it has team, facts, events and documents"}`);
      }
    }
    const team = record["team"] === undefined ? (this.problem("$.team", "is missing: say which team holds the case"), undefined) : this.oneOf(record["team"], this.schema.teams, "$.team", "a team");
    const facts = bareObject<unknown>();
    const givenFacts = record["facts"] === undefined ? {} : this.object(record["facts"], "$.facts", "an object of facts");
    for (const [name, value] of Object.entries(givenFacts ?? {})) {
      if (this.full) break;
      if (forbiddenKeys.has(name)) continue;
      const schema = Object.hasOwn(this.schema.facts, name) ? this.schema.facts[name] : undefined;
      if (schema === undefined) {
        this.problem(`$.facts${member(name)}`, `is not a fact of this protocol${this.didYouMean(name, Object.keys(this.schema.facts))}`);
        continue;
      }
      // null, like leaving the fact out, means it is not known.
      if (value !== null && value !== undefined) facts[name] = this.value(value, schema, `$.facts${member(name)}`);
    }
    const events = bareObject<EventRecord>();
    if (record["events"] !== undefined) {
      const given = this.object(record["events"], "$.events", "an object of events");
      for (const [name, value] of Object.entries(given ?? {})) {
        if (this.full) break;
        if (forbiddenKeys.has(name)) continue;
        const path = `$.events${member(name)}`;
        if (!this.schema.events.includes(name)) {
          this.problem(path, `is not an event of this protocol${this.didYouMean(name, this.schema.events)}`);
          continue;
        }
        const dates = this.object(value, path, "an object such as {\"held\": \"2026-01-10\"}");
        if (dates === undefined) continue;
        const event: { held?: string; scheduled?: string } = bareObject<string>();
        for (const [key, date] of Object.entries(dates)) {
          if (forbiddenKeys.has(key)) continue;
          if (key !== "held" && key !== "scheduled") {
            this.problem(`${path}${member(key)}`, `an event has only \`held\` and \`scheduled\` dates${this.didYouMean(key, eventDateKeys)}`);
            continue;
          }
          if (date === null || date === undefined) continue;
          const checked = this.date(date, `${path}.${key}`);
          if (checked !== undefined) event[key] = checked;
        }
        events[name] = event;
      }
    }
    const documents: string[] = [];
    if (record["documents"] !== undefined) {
      if (!Array.isArray(record["documents"])) {
        this.problem("$.documents", `should be a list of complete documents, but is ${describe(record["documents"])}`);
      } else {
        const given: unknown[] = record["documents"];
        for (let index = 0; index < given.length && !this.full; index++) {
          const checked = this.oneOf(given[index], this.schema.documents, `$.documents[${index}]`, "a document of this protocol");
          if (checked !== undefined && !documents.includes(checked)) documents.push(checked);
        }
      }
    }
    if (this.problems.length > 0) throw new CaseError(this.problems);
    return { team: team!, facts, events, documents };
  }
}

/** A key as a step of a JSON path; a key too long to read is cut short (and the path with it). */
function member(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && key.length <= 100 ? `.${key}` : `[${JSON.stringify(shorten(key, 100))}]`;
}

/** A case record's keys, and an event's, for the problems and their "did you mean". */
const recordKeys = ["team", "facts", "events", "documents"];
const eventDateKeys = ["held", "scheduled"];

/** Text from the record, cut short when it is too long to show in a message. */
function shorten(text: string, length = 40): string {
  return text.length > length ? `${text.slice(0, length)}...` : text;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (value instanceof Date) return "a JavaScript Date (write dates as text, YYYY-MM-DD)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "string") return `the text ${JSON.stringify(shorten(value))}`;
  if (typeof value === "object") return "an object";
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  if (typeof value === "bigint") return "a BigInt";
  return `${typeof value === "boolean" ? "" : `${typeof value} `}${String(value)}`.trim();
}

/** The last `today` found to be a real date. */
let lastRealToday: string | undefined;

/**
 * The day to decide on, from `decide`'s options, must be a real date too: nothing is decided on a
 * day such as `2026-02-30`. Throws `CaseError` listing it (as `options.today`) with the record's
 * own problems, if it has any.
 */
export function refuseWrongToday(schema: CaseSchema, input: unknown, today: unknown): void {
  // Most calls decide on the same day as the call before: a day already found real is not read again.
  if (today === lastRealToday || today === undefined) return;
  if (typeof today === "string" && isValidIsoDate(today)) {
    lastRealToday = today;
    return;
  }
  const problem: CaseProblem = {
    path: "options.today",
    message: typeof today === "string" ? `\`${shorten(today)}\` is not a real date written YYYY-MM-DD (no time or time zone)` : `should be the day to decide on, written YYYY-MM-DD, but is ${describe(today)}`,
  };
  let problems: readonly CaseProblem[] = [];
  try {
    validateCase(schema, input);
  } catch (error) {
    if (!(error instanceof CaseError)) throw error;
    problems = error.problems;
  }
  throw new CaseError([...problems, problem]);
}

/**
 * A base class whose constructor returns the object it is given, so that a subclass's constructor
 * adds its private fields to that object (`CheckedMark`).
 */
class Stamp {
  constructor(object: object) {
    return object as Stamp;
  }
}

/**
 * The mark of a copy `validateCase` made: a private field holding the schema the copy was checked
 * against. Only this class can add or read it, so no other code can mark a record as checked, and
 * it is nowhere to be seen: not among the copy's keys or symbols, nor in its JSON or in a spread
 * copy (which is a new object, checked again). A copy is frozen all the way down once marked, so
 * it stays as checked: `decide` takes it without checking it again. Reading the mark costs a
 * property load on an object `decide` reads anyway, where a `WeakMap` of copies cost a lookup in a
 * table as large as the number of copies alive (a cache miss on most decisions).
 */
class CheckedMark extends Stamp {
  readonly #schema: CaseSchema;

  private constructor(copy: object, schema: CaseSchema) {
    super(copy);
    this.#schema = schema;
  }

  /** Marks a copy just made (not yet frozen) as checked against `schema`. */
  static mark(copy: object, schema: CaseSchema): void {
    new CheckedMark(copy, schema);
  }

  /** The schema an object was checked against, if it is a copy `validateCase` made. */
  static schemaOf(value: object): CaseSchema | undefined {
    return #schema in value ? (value as CheckedMark).#schema : undefined;
  }
}

/** Checks `input` against the schema and returns a clean, frozen copy; throws `CaseError` listing every problem. */
export function validateCase(schema: CaseSchema, input: unknown): CaseInput {
  // A copy made here for this schema is still as checked (it is frozen): it is its own clean copy.
  if (isCheckedCopy(schema, input)) return input as CaseInput;
  // Most records are plain and valid: validate-fast.ts copies those quickly, and leaves any other
  // record to the full validator, which says what is wrong with it.
  const quick = validateQuickly(schema, input);
  const copy = quick ?? new Validator(schema).caseRecord(input);
  // Marked before it is frozen: fields are added to objects that can still take them.
  CheckedMark.mark(copy, schema);
  // A quick copy is frozen as it is made, all but the record object itself.
  if (quick !== undefined) Object.freeze(copy);
  else deepFreeze(copy);
  return copy;
}

/** Whether `input` is a copy `validateCase` made for this schema (and so valid for it, and unchanged). */
export function isCheckedCopy(schema: CaseSchema, input: unknown): boolean {
  return typeof input === "object" && input !== null && CheckedMark.schemaOf(input) === schema;
}

/** Freezes a copy and everything in it (the copy holds only plain data the validator made). */
function deepFreeze(value: object): void {
  for (const key of Object.keys(value)) {
    const inner: unknown = (value as Record<string, unknown>)[key];
    if (typeof inner === "object" && inner !== null) deepFreeze(inner);
  }
  Object.freeze(value);
}
