// Turns values found for the variables into a concrete case record and a day, and says the case
// in the protocol's own terms ("a case held by RAT with plan child_protection and proceedings yes").
import { addDays, duration, subtractDuration, type CaseInput } from "@baton/runtime";
import type { ProtocolModel } from "../check/model.js";
import type { BatonType } from "../check/types.js";
import type { DateHolder, Realisation } from "./formula.js";
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
  // An event's words are written once its state (`review held`) and date (`date of review <= today`)
  // are both known, and a date fact's once its last value is: `{ event }` and `{ fact }` keep their
  // places among the others until then (two variables may each set the same date).
  const words: (string | { event: string } | { fact: string })[] = [];
  const eventStates = new Map<string, "none" | "held" | "scheduled">();
  const eventDates = new Map<string, string>();
  const datedFacts = new Set<string>();
  const orders: Extract<Realisation, { kind: "order" }>[] = [];
  const setDate = (holder: DateHolder, date: string) => {
    if ("fact" in holder) {
      if (!datedFacts.has(holder.fact)) words.push({ fact: holder.fact });
      datedFacts.add(holder.fact);
      facts[holder.fact] = date;
    } else {
      if (!eventStates.has(holder.event) && !eventDates.has(holder.event)) words.push({ event: holder.event });
      eventDates.set(holder.event, date);
    }
  };
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
      case "date":
        setDate(realise.holder, addDays(realise.constant ?? today, realise.offsetDays));
        break;
      case "elapsed": {
        // A term counts months or days, never both. Days are taken away as days: they may be
        // negative (`date of review - 3 days <= today` is `time since date of review >= -3 days`).
        const back = realise.months > 0 ? subtractDuration(today, duration({ months: realise.months, days: 0 }), "none") : addDays(today, -realise.days);
        setDate(realise.holder, addDays(back, -realise.shiftDays));
        break;
      }
      case "order":
        orders.push(realise);
        break;
      case "event":
        if (!eventStates.has(realise.event) && !eventDates.has(realise.event)) words.push({ event: realise.event });
        eventStates.set(realise.event, realise.state);
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
  // Two dates in order, after every other date is set: one already set stays, and the other is
  // put next to it; with neither, a week back, so that both have come (events held).
  const dateOf = (holder: DateHolder) => ("fact" in holder ? (datedFacts.has(holder.fact) ? (facts[holder.fact] as string) : undefined) : eventDates.get(holder.event));
  for (const { first, second, gapDays } of orders) {
    const firstDate = dateOf(first);
    const secondDate = dateOf(second);
    if (secondDate !== undefined) setDate(first, addDays(secondDate, gapDays));
    else if (firstDate !== undefined) setDate(second, addDays(firstDate, -gapDays));
    else {
      setDate(second, addDays(today, -7));
      setDate(first, addDays(today, -7 + gapDays));
    }
  }
  const eventWords = new Map<string, string>();
  for (const event of new Set([...eventStates.keys(), ...eventDates.keys()])) {
    const date = eventDates.get(event);
    // An event given only a date is held by then if the date has come, else scheduled for it.
    const state = eventStates.get(event) ?? (date !== undefined && date <= today ? "held" : "scheduled");
    if (state === "none") {
      delete events[event];
      eventWords.set(event, `${event} not yet scheduled`);
    } else if (state === "held") {
      events[event] = { held: date ?? today };
      eventWords.set(event, date === undefined ? `${event} held` : `${event} held on ${date}`);
    } else {
      events[event] = { scheduled: date ?? addDays(today, 14) };
      eventWords.set(event, date === undefined ? `${event} scheduled` : `${event} scheduled for ${date}`);
    }
  }
  const written = words.map((word) => (typeof word === "string" ? word : "fact" in word ? `${word.fact} ${String(facts[word.fact])}` : eventWords.get(word.event)!));
  const datesMatter = written.some((word) => /\d{4}-\d{2}-\d{2}/.test(word));
  const held = heldBy ?? (assignment.size > 0 ? undefined : team);
  const description =
    `a case${held ? ` held by ${held}` : ""}${written.length > 0 ? ` with ${written.join(" and ")}` : ""}` +
    (datesMatter && !written.some((word) => word.startsWith("on ")) ? `, on ${today}` : "");
  return { input: { team, facts, events, documents }, today, description };
}
