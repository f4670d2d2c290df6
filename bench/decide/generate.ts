// A seeded, deterministic generator of case records for one protocol. It reads the protocol's
// declarations (teams, facts and their types, events, documents) from the checker's model and,
// for most records, aims at one rule: it picks the rule's `from` team (or the team its condition
// names) and the enumeration values and yes/no answers its condition asks for, and leaves the rest
// to chance, so that most rules decide some records and exceptions overlap their general rules.
// Some records leave out one fact (usually one the aimed rule reads), so `needs-information`
// occurs; events are held, scheduled or not yet set; documents are complete or not.
import type { Expr, LetDecl, RuleDecl } from "../../packages/core/src/index.js";
import { ruleParts } from "../../packages/core/src/index.js";
import { addDays } from "../../packages/runtime/src/index.js";
import type { LoadedProtocol } from "./baton.js";
import { seededRandom, type CaseRecord } from "./common.js";

/** The evaluation date of every generated record. */
export const TODAY = "2026-03-16";

interface Aim {
  teams: string[];
  enums: Map<string, string[]>;
  bools: Map<string, boolean>;
  /** Facts the rule reads, in its condition (through lets) and its timings. */
  reads: Set<string>;
}

/** What a rule asks of a case, read from its AST. */
function aimAt(protocol: LoadedProtocol, rule: RuleDecl): Aim {
  const { model } = protocol.analysis;
  const aim: Aim = { teams: [], enums: new Map(), bools: new Map(), reads: new Set() };
  const symbolOf = (expr: Expr) => {
    if (expr.kind !== "Name") return undefined;
    const resolution = model.resolutions.get(expr);
    return resolution?.kind === "symbol" ? resolution.symbol : undefined;
  };
  const enumValue = (expr: Expr) => {
    if (expr.kind !== "Name") return undefined;
    const resolution = model.resolutions.get(expr);
    return resolution?.kind === "enum-value" ? resolution.value : resolution?.kind === "symbol" && resolution.symbol.kind === "team" ? resolution.symbol.name : undefined;
  };
  const seen = new Set<string>();
  const walk = (expr: Expr | undefined, positive: boolean, constrain: boolean): void => {
    if (expr === undefined) return;
    switch (expr.kind) {
      case "Name": {
        const symbol = symbolOf(expr);
        if (symbol?.kind === "fact") {
          aim.reads.add(symbol.name);
          if (constrain && model.valueTypes.get(symbol.name)?.kind === "yes/no") aim.bools.set(symbol.name, positive);
        } else if (symbol?.kind === "let" && !seen.has(symbol.name)) {
          seen.add(symbol.name);
          walk((symbol.decl as LetDecl).value, positive, constrain && model.valueTypes.get(symbol.name)?.kind === "yes/no");
          seen.delete(symbol.name);
        }
        return;
      }
      case "Paren":
        return walk(expr.inner, positive, constrain);
      case "Logical":
        for (const operand of expr.operands) walk(operand, positive, constrain);
        return;
      case "Not":
        return walk(expr.operand, !positive, constrain);
      case "Is":
      case "IsOneOf": {
        const values = (expr.kind === "Is" ? [expr.value] : expr.values).map(enumValue).filter((v): v is string => v !== undefined);
        const wanted = positive !== expr.negated;
        if (expr.subject.kind === "CurrentTeam") {
          if (constrain && wanted) aim.teams.push(...values);
          return;
        }
        walk(expr.subject, true, false);
        const subject = symbolOf(expr.subject);
        if (constrain && wanted && subject?.kind === "fact" && values.length > 0) aim.enums.set(subject.name, values);
        if (constrain && subject?.kind === "fact" && expr.kind === "Is" && expr.value.kind === "Boolean") aim.bools.set(subject.name, expr.value.value === wanted);
        return;
      }
      case "Compare":
        walk(expr.left, true, false);
        walk(expr.right, true, false);
        return;
      case "Arithmetic":
        walk(expr.first, true, false);
        for (const step of expr.rest) walk(step.operand, true, false);
        return;
      case "TimeSince":
        return walk(expr.operand, true, false);
      case "Postfix":
        return walk(expr.subject, true, false);
      case "Aggregate": {
        const symbol = symbolOf(expr.list);
        if (symbol?.kind === "fact") aim.reads.add(symbol.name);
        return;
      }
      default:
        return;
    }
  };
  const parts = ruleParts(rule);
  walk(parts.when, true, true);
  walk(parts.unless, false, true);
  const action = parts.action;
  if (action?.kind === "Transfer") {
    aim.teams.push(...action.from.map((name) => name.text));
    const timing = action.timing;
    if (timing.kind === "OnDate") walk(timing.date, true, false);
    if (timing.kind === "Within" || timing.kind === "After" || timing.kind === "Before") walk(timing.anchor, true, false);
    if (action.jointWork) walk(action.jointWork.anchor, true, false);
  }
  const request = parts.request;
  if (request && (request.kind === "Within" || request.kind === "After" || request.kind === "Before")) walk(request.anchor, true, false);
  return aim;
}

export interface GeneratedRecords {
  today: string;
  records: CaseRecord[];
}

/** `count` records for the protocol, the same every time for the same seed. */
export function generateRecords(protocol: LoadedProtocol, count: number, seed = 20260316): GeneratedRecords {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const { model } = protocol.analysis;
  const info = protocol.module.protocol;
  const teams = info.teams.map((team) => team.id);
  const events = info.events.map((event) => event.id);
  const documents = info.documents.map((document) => document.id);
  const factIds = info.facts.map((fact) => fact.id);
  const aims = [...model.rules.values()].map((rule) => aimAt(protocol, rule));
  const records: CaseRecord[] = [];
  for (let index = 0; index < count; index++) {
    const aim = random() < 0.85 ? pick(aims) : undefined;
    const team = aim && aim.teams.length > 0 && random() < 0.9 ? pick(aim.teams) : pick(teams);
    const facts: Record<string, unknown> = {};
    for (const fact of factIds) {
      const type = model.valueTypes.get(fact);
      switch (type?.kind) {
        case "yes/no":
          facts[fact] = aim?.bools.has(fact) && random() < 0.85 ? aim.bools.get(fact) : random() < 0.3;
          break;
        case "enum":
          facts[fact] = aim?.enums.has(fact) && random() < 0.9 ? pick(aim.enums.get(fact)!) : pick(type.values);
          break;
        case "date":
          facts[fact] = addDays(TODAY, -between(0, 18 * 365));
          break;
        case "number":
          facts[fact] = between(0, 20);
          break;
        case "team":
          facts[fact] = pick(teams);
          break;
        case "duration":
          facts[fact] = { [pick(["days", "weeks", "months"])]: between(0, 12) };
          break;
        case "list": {
          // One value per field for the family; each entry differs from it now and then.
          const fields = [...type.element.fields];
          const family = new Map(fields.map(([name, field]) => [name, field.type.kind === "enum" ? pick(field.type.values) : random() < 0.5]));
          facts[fact] = Array.from({ length: between(1, 4) }, () =>
            Object.fromEntries(
              fields.map(([name, field]) => [name, random() < 0.75 ? family.get(name) : field.type.kind === "enum" ? pick(field.type.values) : random() < 0.5]),
            ),
          );
          break;
        }
        default:
          throw new Error(`the generator does not make facts of type ${type?.kind ?? "unknown"} (${fact})`);
      }
    }
    // One fact left out now and then, so the protocol has to ask for it.
    const chance = random();
    if (chance < 0.12 && aim && aim.reads.size > 0) delete facts[pick([...aim.reads])];
    else if (chance < 0.16) delete facts[pick(factIds)];
    const record: CaseRecord = { team, facts, events: {}, documents: [] };
    for (const event of events) {
      const roll = random();
      if (event === "allocation") record.events[event] = { held: addDays(TODAY, -between(0, 30)) };
      else if (roll < 0.45) record.events[event] = { held: addDays(TODAY, -between(0, 60)) };
      else if (roll < 0.7) record.events[event] = { scheduled: addDays(TODAY, between(1, 60)) };
    }
    if (random() < 0.05) delete record.events["allocation"];
    for (const document of documents) if (random() < 0.75) record.documents.push(document);
    // As a case-management system would send it: parsed from JSON (which also undoes the deletes).
    records.push(JSON.parse(JSON.stringify(record)) as CaseRecord);
  }
  return { today: TODAY, records };
}
