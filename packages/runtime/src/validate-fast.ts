// The quick way through `validateCase` for the records it is given almost every time: plain objects
// with only known keys and values of the right types. It makes the same clean copy the full
// validator makes (validate.ts), from per-schema lookup tables built once, and gives up (returns
// undefined) at the first thing it is not sure of; the full validator then reads the record from
// the start and says what is wrong. So it never decides what is valid, it only finds the common
// case quickly. Anything unusual (a duration fact, a key the record should not have, an object
// that is not plain, a wrong value) goes the long way.
import { bareObject, forbiddenKeys, inheritsNothing, type CaseInput, type EventRecord } from "./case-input.js";
import { isValidIsoDate } from "./civil-date.js";
import type { CaseSchema, ValueSchema } from "./validate.js";

/**
 * A value's check and copy: the clean value, or GIVE_UP. A text the protocol names (a team, an
 * enumeration value) is copied as the protocol's own string, equal to the record's: comparing two
 * such strings is one pointer comparison, where the record's, parsed from JSON, would be compared
 * character by character (`missing` documents, `case_type is s20`).
 */
type Copy = (value: unknown) => unknown;
const GIVE_UP: unique symbol = Symbol("give up");

interface FastSchema {
  /** Each team, to its name as the protocol writes it (see `Copy`). */
  readonly teams: ReadonlyMap<string, string>;
  readonly events: ReadonlySet<string>;
  /** Each document's position, for telling repeats apart without searching the copy. */
  readonly documents: ReadonlyMap<string, number>;
  /** The documents as the protocol writes them, by position (see `Copy`). */
  readonly documentNames: readonly string[];
  readonly facts: ReadonlyMap<string, Copy>;
  /**
   * For `readableAsGiven`: each fact's check, or null when the record must be copied to be read
   * (a name every object inherits, such as `toString`, could read as the inherited method on the
   * caller's object). Only facts whose values are read as given are here (not durations).
   */
  readonly checks: ReadonlyMap<string, Check> | null;
}

/** A value's check for reading it as given: true when it is valid and needs no conversion. */
type Check = (value: unknown) => boolean;
/** Names every object has (`toString`, `constructor`, `__proto__`...): a declared one is read only from a clean copy. */
const inheritedNames: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));
/** Declared names that rule out reading records as given: inherited ones, and keys no record may hold. */
const unreadable = (name: string) => inheritedNames.has(name) || forbiddenKeys.has(name);

const fastSchemas = new WeakMap<CaseSchema, FastSchema | null>();

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  return Object.getPrototypeOf(value) === Object.prototype || inheritsNothing(value);
}

function copier(schema: ValueSchema, teams: ReadonlyMap<string, string>): Copy | undefined {
  switch (schema.kind) {
    case "yes/no":
      return (value) => (typeof value === "boolean" ? value : GIVE_UP);
    case "number":
      return (value) => (typeof value === "number" && Number.isFinite(value) ? value : GIVE_UP);
    case "date":
      return (value) => (typeof value === "string" && isValidIsoDate(value) ? value : GIVE_UP);
    case "team":
      return (value) => (typeof value === "string" ? (teams.get(value) ?? GIVE_UP) : GIVE_UP);
    case "enum": {
      const values = new Map(schema.values.map((text) => [text, text]));
      return (value) => (typeof value === "string" ? (values.get(value) ?? GIVE_UP) : GIVE_UP);
    }
    case "duration":
      return undefined; // converted by the full validator
    case "list": {
      const fields = new Map<string, Copy>();
      for (const name of Object.keys(schema.fields)) {
        const field = copier(schema.fields[name]!, teams);
        if (field === undefined) return undefined;
        fields.set(name, field);
      }
      return (value) => {
        if (!Array.isArray(value)) return GIVE_UP;
        const entries: Record<string, unknown>[] = [];
        for (let index = 0; index < value.length; index++) {
          const entry: unknown = value[index];
          if (!isPlainObject(entry)) return GIVE_UP;
          const copy = bareObject<unknown>();
          for (const key in entry) {
            const field = fields.get(key);
            if (field === undefined || forbiddenKeys.has(key)) return GIVE_UP;
            const fieldValue = entry[key];
            if (fieldValue === undefined || fieldValue === null) continue;
            const clean = field(fieldValue);
            if (clean === GIVE_UP) return GIVE_UP;
            copy[key] = clean;
          }
          entries.push(Object.freeze(copy));
        }
        return Object.freeze(entries);
      };
    }
  }
}

function checker(schema: ValueSchema, teams: ReadonlyMap<string, string>): Check | undefined {
  switch (schema.kind) {
    case "yes/no":
      return (value) => typeof value === "boolean";
    case "number":
      return (value) => typeof value === "number" && Number.isFinite(value);
    case "date":
      return (value) => typeof value === "string" && isValidIsoDate(value);
    case "team":
      return (value) => typeof value === "string" && teams.has(value);
    case "enum": {
      const values = new Set(schema.values);
      return (value) => typeof value === "string" && values.has(value);
    }
    case "duration":
      return undefined; // converted by the full validator
    case "list": {
      const fields = new Map<string, Check>();
      for (const name of Object.keys(schema.fields)) {
        const field = checker(schema.fields[name]!, teams);
        if (field === undefined || unreadable(name)) return undefined;
        fields.set(name, field);
      }
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (let index = 0; index < value.length; index++) {
          const entry: unknown = value[index];
          if (!isPlainObject(entry)) return false;
          for (const key in entry) {
            const field = fields.get(key);
            // null (unknown) is left out of the copy, so a record holding one is copied.
            if (field === undefined || !field(entry[key])) return false;
          }
        }
        return true;
      };
    }
  }
}

/** The checks for reading records as given, or null when a declared name could be inherited. */
function readableChecks(schema: CaseSchema, teams: ReadonlyMap<string, string>): ReadonlyMap<string, Check> | null {
  if (schema.events.some(unreadable)) return null;
  const checks = new Map<string, Check>();
  for (const name of Object.keys(schema.facts)) {
    if (unreadable(name)) return null;
    const fact = schema.facts[name]!;
    if (fact.kind === "list" && Object.keys(fact.fields).some(unreadable)) return null;
    const check = checker(fact, teams);
    if (check !== undefined) checks.set(name, check);
  }
  return checks;
}

function fastSchema(schema: CaseSchema): FastSchema | null {
  let fast = fastSchemas.get(schema);
  if (fast === undefined) {
    const teams = new Map(schema.teams.map((team) => [team, team]));
    const facts = new Map<string, Copy>();
    let usable = true;
    for (const name of Object.keys(schema.facts)) {
      const copy = copier(schema.facts[name]!, teams);
      // A fact the quick way cannot copy (a duration) is skipped, so a record giving it goes the long way.
      if (copy !== undefined && !forbiddenKeys.has(name)) facts.set(name, copy);
    }
    if (schema.teams.some((team) => forbiddenKeys.has(team))) usable = false;
    const events = new Set(schema.events.filter((event) => !forbiddenKeys.has(event)));
    fast = usable
      ? { teams, events, documents: new Map(schema.documents.map((document, i) => [document, i])), documentNames: schema.documents, facts, checks: readableChecks(schema, teams) }
      : null;
    fastSchemas.set(schema, fast);
  }
  return fast;
}

/** Whether something has given Object.prototype an enumerable property, which `for...in` would list. */
function prototypeEnumerates(): boolean {
  for (const _ in Object.prototype) return true;
  return false;
}

/**
 * The clean copy of a record that is certainly valid, frozen all the way down but for the record
 * object itself (which `validateCase` marks as checked, then freezes), or undefined when the full
 * validator must look.
 * Keys are read with `for...in`, which for a plain object lists its own keys in the order
 * Object.keys gives, as long as Object.prototype has no enumerable property (checked first).
 */
export function validateQuickly(schema: CaseSchema, input: unknown): CaseInput | undefined {
  const fast = fastSchema(schema);
  if (fast === null || !isPlainObject(input) || prototypeEnumerates()) return undefined;
  for (const key in input) {
    // Any other key goes the long way; so does a key holding undefined (left to the full validator).
    if ((key !== "team" && key !== "facts" && key !== "events" && key !== "documents") || input[key] === undefined) return undefined;
  }
  const { team: givenTeam, facts: givenFacts, events: givenEvents, documents: givenDocuments } = input;
  const team = typeof givenTeam === "string" ? fast.teams.get(givenTeam) : undefined;
  if (team === undefined) return undefined;

  const facts = bareObject<unknown>();
  if (givenFacts !== undefined) {
    if (!isPlainObject(givenFacts)) return undefined;
    for (const name in givenFacts) {
      const copy = fast.facts.get(name);
      if (copy === undefined) return undefined;
      const value = givenFacts[name];
      if (value === null || value === undefined) continue;
      const clean = copy(value);
      if (clean === GIVE_UP) return undefined;
      facts[name] = clean;
    }
  }

  const events = bareObject<EventRecord>();
  if (givenEvents !== undefined) {
    if (!isPlainObject(givenEvents)) return undefined;
    for (const name in givenEvents) {
      if (!fast.events.has(name)) return undefined;
      const dates = givenEvents[name];
      if (!isPlainObject(dates)) return undefined;
      const event: { held?: string; scheduled?: string } = bareObject<string>();
      for (const key in dates) {
        if (key !== "held" && key !== "scheduled") return undefined;
        const date = dates[key];
        if (date === null || date === undefined) continue;
        if (typeof date !== "string" || !isValidIsoDate(date)) return undefined;
        event[key] = date;
      }
      events[name] = Object.freeze(event);
    }
  }

  const documents: string[] = [];
  if (givenDocuments !== undefined) {
    if (!Array.isArray(givenDocuments)) return undefined;
    let seen = 0; // documents 0 to 30 already copied, as bits; later ones are looked for in the copy
    for (let index = 0; index < givenDocuments.length; index++) {
      const document: unknown = givenDocuments[index];
      const position = typeof document === "string" ? fast.documents.get(document) : undefined;
      if (position === undefined) return undefined;
      if (position < 31) {
        if ((seen & (1 << position)) !== 0) continue;
        seen |= 1 << position;
      } else if (documents.includes(document as string)) continue;
      documents.push(fast.documentNames[position]!);
    }
  }
  // Frozen as made (validateCase does not walk it again): a copy stays as it was checked.
  return { team, facts: Object.freeze(facts), events: Object.freeze(events), documents: Object.freeze(documents) };
}

/**
 * Whether a record is certainly valid and can be decided on as it is, without the clean copy
 * (`decide` only: `validate` always returns a copy). True only when the copy would hold exactly
 * what the record holds: plain objects with data the schema accepts, no `null` or `undefined`
 * values (the copy leaves those out), no durations (the copy converts them), and a schema none of
 * whose facts, fields or events is named like something every object inherits, so reading a name
 * the record leaves out gives undefined, as it does on the copy. False says nothing about validity:
 * the record is then copied (or refused) by `validateCase`. The record is only read, never changed.
 */
export function readableAsGiven(schema: CaseSchema, input: unknown): boolean {
  const fast = fastSchema(schema);
  if (fast === null || fast.checks === null || !isPlainObject(input) || prototypeEnumerates()) return false;
  const checks = fast.checks;
  for (const key in input) {
    if (key !== "team" && key !== "facts" && key !== "events" && key !== "documents") return false;
  }
  const { team, facts: givenFacts, events: givenEvents, documents: givenDocuments } = input;
  if (typeof team !== "string" || !fast.teams.has(team)) return false;
  if (givenFacts !== undefined) {
    if (!isPlainObject(givenFacts)) return false;
    for (const name in givenFacts) {
      const check = checks.get(name);
      if (check === undefined || !check(givenFacts[name])) return false;
    }
  }
  if (givenEvents !== undefined) {
    if (!isPlainObject(givenEvents)) return false;
    for (const name in givenEvents) {
      if (!fast.events.has(name)) return false;
      const dates = givenEvents[name];
      if (!isPlainObject(dates)) return false;
      for (const key in dates) {
        if (key !== "held" && key !== "scheduled") return false;
        const date = dates[key];
        if (typeof date !== "string" || !isValidIsoDate(date)) return false;
      }
    }
  }
  if (givenDocuments !== undefined) {
    if (!Array.isArray(givenDocuments)) return false;
    for (let index = 0; index < givenDocuments.length; index++) {
      const document: unknown = givenDocuments[index];
      if (typeof document !== "string" || !fast.documents.has(document)) return false;
    }
  }
  return true;
}
