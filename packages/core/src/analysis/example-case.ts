// Turns values found for the variables into a concrete case record and a day, and says the case
// in the protocol's own terms ("a case held by RAT with plan child_protection and proceedings yes").
import { addDays, duration, subtractDuration, type CaseInput } from "@baton/runtime";
import type { ProtocolModel } from "../check/model.js";
import type { BatonType } from "../check/types.js";
import type { Assignment } from "./solver.js";

export interface ExampleCase {
  input: CaseInput;
  today: string;
  /** In words, for a message. */
  description: string;
}

const DEFAULT_TODAY = "2026-01-12";

function defaultValue(type: BatonType, variant: number, today: string, teams: readonly string[]): unknown {
  switch (type.kind) {
    case "yes/no":
      return variant === 1;
    case "number":
      return variant;
    case "date":
      return addDays(today, -3650 - variant);
    case "duration":
      return { months: 0, days: variant, workingDays: 0 };
    case "team":
      return variant === 0 ? teams[0] : teams[teams.length - 1];
    case "enum":
      return variant === 0 ? type.values[0] : type.values[type.values.length - 1];
    case "list":
      return [];
    default:
      return undefined;
  }
}

/**
 * A case realising `assignment`; facts it does not constrain get plain values (`variant` picks
 * another set, for a second try). Returns undefined when a value cannot be realised.
 */
export function exampleCase(model: ProtocolModel, assignment: Assignment, variant: number): ExampleCase | undefined {
  const teams = [...model.symbols.values()].filter((symbol) => symbol.kind === "team").map((symbol) => symbol.name);
  let today = DEFAULT_TODAY;
  for (const [variable, index] of assignment) {
    const realise = variable.domain[index]?.realise;
    if (realise?.kind === "today") today = addDays(realise.constant ?? DEFAULT_TODAY, realise.offsetDays);
  }
  const facts: Record<string, unknown> = {};
  for (const symbol of model.symbols.values()) {
    if (symbol.kind !== "fact") continue;
    const value = defaultValue(model.valueTypes.get(symbol.name) ?? { kind: "error" }, variant, today, teams);
    if (value !== undefined) facts[symbol.name] = value;
  }
  let team = variant === 0 ? teams[0]! : teams[teams.length - 1]!;
  // Every event gets a date unless a condition says otherwise, so that timings give real dates:
  // two rules waiting for the same unscheduled event would otherwise seem to agree.
  const events: Record<string, { held?: string; scheduled?: string }> = {};
  for (const symbol of model.symbols.values()) {
    if (symbol.kind === "event") events[symbol.name] = variant === 0 ? { scheduled: addDays(today, 14) } : { held: addDays(today, -7) };
  }
  const documents: string[] = [];
  const words: string[] = [];
  let heldBy: string | undefined;
  for (const [variable, index] of assignment) {
    const value = variable.domain[index]!;
    const realise = value.realise;
    switch (realise?.kind) {
      case "team":
        team = realise.team;
        heldBy = realise.team;
        break;
      case "fact":
        facts[realise.fact] = realise.value;
        words.push(
          Array.isArray(realise.value)
            ? `no ${realise.fact}`
            : `${realise.fact} ${typeof realise.value === "boolean" ? (realise.value ? "yes" : "no") : String(realise.value)}`,
        );
        break;
      case "number":
        facts[realise.fact] = realise.value;
        words.push(`${realise.fact} ${realise.value}`);
        break;
      case "date": {
        const date = addDays(realise.constant ?? today, realise.offsetDays);
        facts[realise.fact] = date;
        words.push(`${realise.fact} ${date}`);
        break;
      }
      case "elapsed": {
        const date = addDays(subtractDuration(today, duration({ months: realise.months, days: realise.days }), "none"), -realise.shiftDays);
        facts[realise.fact] = date;
        words.push(`${realise.fact} ${date}`);
        break;
      }
      case "event":
        if (realise.state === "held") events[realise.event] = { held: today };
        else if (realise.state === "scheduled") events[realise.event] = { scheduled: addDays(today, 14) };
        else delete events[realise.event];
        words.push(`${realise.event} ${value.label}`);
        break;
      case "document":
        if (realise.complete) documents.push(realise.document);
        words.push(`${realise.document} ${realise.complete ? "complete" : "not complete"}`);
        break;
      case "today":
        words.push(`on ${today}`);
        break;
      case undefined:
        // Nothing in the case can be set to give this value: no example can honestly show it.
        return undefined;
    }
  }
  const datesMatter = words.some((word) => /\d{4}-\d{2}-\d{2}/.test(word));
  const held = heldBy ?? (assignment.size > 0 ? undefined : team);
  const description =
    `a case${held ? ` held by ${held}` : ""}${words.length > 0 ? ` with ${words.join(" and ")}` : ""}` +
    (datesMatter && !words.some((word) => word.startsWith("on ")) ? `, on ${today}` : "");
  return { input: { team, facts, events, documents }, today, description };
}
