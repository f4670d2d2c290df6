// The shape of a case record as the runtime reads it (spec section 9). A compiled protocol's own
// `Case` type narrows it: its teams, facts, events and documents.

export interface EventRecord {
  /** The ISO date the event took place. */
  readonly held?: string;
  /** The ISO date it is planned for. */
  readonly scheduled?: string;
}

export interface CaseInput {
  /** The team holding the case now. */
  readonly team: string;
  /** What is known about the child and the case; a fact left out is unknown. */
  readonly facts: Readonly<Record<string, unknown>>;
  readonly events?: Readonly<Record<string, EventRecord | undefined>>;
  /** The documents that are complete. */
  readonly documents?: readonly string[];
}

/**
 * The prototype of the objects in a clean copy of a record (`validateCase`): empty, frozen and
 * itself without a prototype, so a copy inherits nothing. A fact called `toString` that the record
 * leaves out reads as undefined, as on an object made with `Object.create(null)`; but objects made
 * from this prototype keep V8's fast property layout, which `Object.create(null)` gives up (reading
 * such objects, frozen, took several times longer).
 */
const INHERITS_NOTHING: object = Object.freeze(Object.create(null) as object);

/** A constructor whose objects have `INHERITS_NOTHING` as their prototype. */
const Bare = function (this: object) {} as unknown as new () => Record<string, unknown>;
Bare.prototype = INHERITS_NOTHING as Record<string, unknown>;

/** A new empty object that inherits nothing (see `INHERITS_NOTHING`). */
export function bareObject<T>(): Record<string, T> {
  return new Bare() as Record<string, T>;
}

/** Whether an object inherits nothing: no prototype, or the empty prototype of `bareObject`. */
export function inheritsNothing(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === null || prototype === INHERITS_NOTHING;
}

/**
 * Keys no case record may hold: copied into an object, they could change its prototype, and so how
 * the record is read. `validate` refuses them, and the checker refuses a fact, event or record
 * field named with one (no record could give it).
 */
export const forbiddenKeys: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
