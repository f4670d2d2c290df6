// The types of Baton values (spec sections 3 and 4), and how to say them to a policy officer.
import type { EnumType, FieldDecl, TypeDecl } from "../syntax/ast.js";

export type BatonType =
  | { kind: "yes/no" }
  | { kind: "number" }
  | { kind: "date" }
  | { kind: "duration"; working: boolean }
  /** `time since d`: only ever compared with a duration. */
  | { kind: "elapsed" }
  | { kind: "team" }
  | { kind: "enum"; name?: string; values: readonly string[]; decl: EnumType }
  | { kind: "record"; name: string; fields: ReadonlyMap<string, FieldType>; decl: TypeDecl }
  | { kind: "list"; element: Extract<BatonType, { kind: "record" }> }
  | { kind: "event" }
  | { kind: "document" }
  /** An expression already reported as wrong: accepted everywhere so one mistake gives one message. */
  | { kind: "error" };

export interface FieldType {
  decl: FieldDecl;
  type: BatonType;
}

export const yesNo: BatonType = { kind: "yes/no" };
export const numberType: BatonType = { kind: "number" };
export const dateType: BatonType = { kind: "date" };
export const elapsedType: BatonType = { kind: "elapsed" };
export const teamType: BatonType = { kind: "team" };
export const errorType: BatonType = { kind: "error" };
export const eventType: BatonType = { kind: "event" };
export const documentType: BatonType = { kind: "document" };

/** Types are never changed once made, so every duration shares one of these two. */
const calendarDuration: BatonType = { kind: "duration", working: false };
const workingDuration: BatonType = { kind: "duration", working: true };

export function durationType(working = false): BatonType {
  return working ? workingDuration : calendarDuration;
}

/** The type in words: "yes/no", "a date", "Plan (one of child_protection, child_in_need, none)". */
export function describeType(type: BatonType): string {
  switch (type.kind) {
    case "yes/no":
      return "yes/no";
    case "number":
      return "a number";
    case "date":
      return "a date";
    case "duration":
      return type.working ? "a duration in working days" : "a duration";
    case "elapsed":
      return "a time since a date";
    case "team":
      return "a team";
    case "enum": {
      const values = type.values.length > 6 ? `${type.values.slice(0, 6).join(", ")}, ...` : type.values.join(", ");
      return type.name ? `${type.name} (one of ${values})` : `one of ${values}`;
    }
    case "record":
      return `a ${type.name} record`;
    case "list":
      return `a list of ${type.element.name}`;
    case "event":
      return "an event";
    case "document":
      return "a document";
    case "error":
      return "unknown";
  }
}

/** Whether a value of type `b` can stand where `a` is expected (and the other way round). */
export function sameType(a: BatonType, b: BatonType): boolean {
  if (a.kind === "error" || b.kind === "error") return true;
  if (a.kind !== b.kind) return false;
  if (a.kind === "enum" && b.kind === "enum") return a.decl === b.decl;
  if (a.kind === "record" && b.kind === "record") return a.decl === b.decl;
  if (a.kind === "list" && b.kind === "list") return a.element.decl === b.element.decl;
  return true;
}

const valueSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** Whether `value` is one of an enumeration's `values`: by a set, as an enumeration may have 100,000 values. */
export function hasValue(values: readonly string[], value: string): boolean {
  let set = valueSets.get(values);
  if (set === undefined) {
    set = new Set(values);
    valueSets.set(values, set);
  }
  return set.has(value);
}
