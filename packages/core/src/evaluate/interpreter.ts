// A reference interpreter: the protocol's rules as the runtime's decision procedure takes them,
// worked out by walking the AST instead of by generated code. The analysis runs example cases
// through it (in the checker, with no compiler at hand), and tests compare it with the compiled
// module, so the two evaluations check each other.
import {
  add,
  all,
  and3,
  any,
  compare,
  complete,
  count,
  decideCase,
  duration,
  elapsed,
  equals,
  eventDate,
  held,
  not3,
  oneOf,
  or3,
  scheduled,
  shift,
  type ActionSpec,
  type CalendarName,
  type CaseInput,
  type Condition,
  type Decision,
  type Duration,
  type Evaluation,
  type ProtocolSpec,
  type RuleSpec,
  type TimingSpec,
  type ValueSpec,
} from "@baton/runtime";
import type { ProtocolModel } from "../check/model.js";
import * as A from "../syntax/ast.js";
import { conditionKey, durationAmounts, overridersByRule, Reads, requirementText, sourceText, yesNoLet } from "../compile/structure.js";

type Value = unknown;
type Entry = Readonly<Record<string, unknown>>;

class Interpreter {
  private readonly reads: Reads;
  private readonly calendar: CalendarName;
  private readonly holidays: string[];

  constructor(
    private readonly model: ProtocolModel,
    private readonly text: string,
  ) {
    this.reads = new Reads(model);
    this.calendar = model.calendar ?? "england-and-wales";
    this.holidays = model.file.declarations.filter((d): d is A.HolidayDecl => d.kind === "Holiday").map((d) => d.date.text);
  }

  private typeKind(expr: A.Expr): string {
    return this.model.expressionTypes.get(expr)?.kind ?? "error";
  }

  /** The value of `expr` for a case; `undefined` when unknown. `entries` are the `where` records, innermost last. */
  value(expr: A.Expr, e: Evaluation, entries: readonly Entry[]): Value {
    switch (expr.kind) {
      case "Name":
        return this.name(expr, e, entries);
      case "Number":
        return expr.value;
      case "Date":
        return expr.text;
      case "Duration":
        return duration(durationAmounts(expr));
      case "Boolean":
        return expr.value;
      case "Paren":
        return this.value(expr.inner, e, entries);
      case "Logical": {
        const values = expr.operands.map((operand) => this.value(operand, e, entries) as boolean | undefined);
        return expr.operator === "and" ? and3(...values) : or3(...values);
      }
      case "Not":
        return not3(this.value(expr.operand, e, entries) as boolean | undefined);
      case "Compare": {
        const leftKind = this.typeKind(expr.left);
        const rightKind = this.typeKind(expr.right);
        const left = this.value(expr.left, e, entries);
        const right = this.value(expr.right, e, entries);
        if (leftKind === "elapsed") return elapsed(e, left as string | undefined, expr.operator, right as Duration | undefined, this.calendar, this.holidays);
        if (rightKind === "elapsed") {
          const flipped = ({ "<": ">", "<=": ">=", ">": "<", ">=": "<=" } as const)[expr.operator];
          return elapsed(e, right as string | undefined, flipped, left as Duration | undefined, this.calendar, this.holidays);
        }
        return compare(left as number | string | undefined, expr.operator, right as number | string | undefined);
      }
      case "Is": {
        const same = equals(this.value(expr.subject, e, entries), this.value(expr.value, e, entries));
        return expr.negated ? not3(same) : same;
      }
      case "IsOneOf": {
        const member = oneOf(this.value(expr.subject, e, entries), expr.values.map((value) => this.value(value, e, entries)));
        return expr.negated ? not3(member) : member;
      }
      case "Postfix": {
        const name = (expr.subject as A.Name).text;
        return expr.operator === "held" ? held(e, name) : expr.operator === "scheduled" ? scheduled(e, name) : complete(e, name);
      }
      case "Arithmetic": {
        let result = this.value(expr.first, e, entries);
        const isDate = this.typeKind(expr.first) === "date";
        for (const step of expr.rest) {
          const sign = step.operator === "+" ? 1 : -1;
          const operand = this.value(step.operand, e, entries);
          result = isDate
            ? shift(result as string | undefined, sign, operand as Duration | undefined, this.calendar, this.holidays)
            : add(result as number | undefined, sign, operand as number | undefined);
        }
        return result;
      }
      case "Today":
        return e.today;
      case "TimeSince":
        return this.value(expr.operand, e, entries);
      case "DateOf":
        return eventDate(e, expr.event.text);
      case "CurrentTeam":
        return e.input.team;
      case "Aggregate": {
        const list = this.name(expr.list, e, entries) as readonly Entry[] | undefined;
        const where = expr.where;
        if (where === undefined) return count(list);
        const test = (entry: Entry) => this.value(where, e, [...entries, entry]) as boolean | undefined;
        return expr.aggregate === "count" ? count(list, test) : expr.aggregate === "any" ? any(list, test) : all(list, test);
      }
      case "Missing":
        return undefined;
    }
  }

  private name(name: A.Name, e: Evaluation, entries: readonly Entry[]): Value {
    const resolution = this.model.resolutions.get(name);
    if (resolution?.kind === "field") {
      const entry = entries[entries.length - 1];
      return entry !== undefined && Object.hasOwn(entry, name.text) ? entry[name.text] : undefined;
    }
    if (resolution?.kind === "enum-value") return name.text;
    const symbol = resolution?.kind === "symbol" ? resolution.symbol : this.model.symbols.get(name.text);
    if (symbol?.kind === "fact") return e.facts[name.text];
    if (symbol?.kind === "let") return this.value((symbol.decl as A.LetDecl).value, e, []);
    return name.text;
  }

  private readsOf(expr: A.Expr | undefined, events: string[] = []) {
    const reads = expr ? this.reads.of(expr) : { facts: new Set<string>(), events: new Set<string>() };
    events.forEach((event) => reads.events.add(event));
    return { facts: [...reads.facts], events: [...reads.events] };
  }

  condition(expr: A.Expr): Condition {
    switch (expr.kind) {
      case "Paren":
        return this.condition(expr.inner);
      case "Name": {
        const expanded = yesNoLet(this.model, expr);
        return expanded ? this.condition(expanded.value) : this.test(expr);
      }
      case "Logical":
        return expr.operator === "and"
          ? { kind: "and", parts: expr.operands.map((operand) => this.condition(operand)) }
          : { kind: "or", text: sourceText(this.text, expr), parts: expr.operands.map((operand) => this.condition(operand)) };
      case "Not":
        return { kind: "not", text: requirementText(this.text, expr.operand, true), part: this.condition(expr.operand) };
      default:
        return this.test(expr);
    }
  }

  private test(expr: A.Expr): Condition {
    const key = conditionKey(this.model, expr);
    return {
      kind: "test",
      text: requirementText(this.text, expr, false),
      test: (e) => this.value(expr, e, []) as boolean | undefined,
      reads: this.readsOf(expr),
      ...(key === undefined ? {} : { key }),
    };
  }

  private valueSpec<T>(expr: A.Expr): ValueSpec<T> {
    return { text: sourceText(this.text, expr), value: (e) => this.value(expr, e, []) as T | undefined, reads: this.readsOf(expr) };
  }

  private anchor(expr: A.Expr): ValueSpec<string> {
    const resolution = expr.kind === "Name" ? this.model.resolutions.get(expr) : undefined;
    if (expr.kind === "Name" && resolution?.kind === "symbol" && resolution.symbol.kind === "event") {
      const event = expr.text;
      return { text: event, value: (e) => eventDate(e, event), reads: this.readsOf(undefined, [event]) };
    }
    return this.valueSpec<string>(expr);
  }

  timing(timing: A.Timing): TimingSpec {
    switch (timing.kind) {
      case "Immediately":
        return {};
      case "AtEvent": {
        const event = timing.event.text;
        return { anchor: { text: event, value: (e) => eventDate(e, event), reads: this.readsOf(undefined, [event]) } };
      }
      case "OnDate":
        return { anchor: this.anchor(timing.date) };
      case "Within":
      case "After":
      case "Before":
        return { anchor: this.anchor(timing.anchor), offset: { sign: timing.kind === "Before" ? -1 : 1, duration: this.valueSpec<Duration>(timing.duration) } };
    }
  }

  action(action: A.Action): ActionSpec {
    switch (action.kind) {
      case "Remain":
        return action.team ? { kind: "remain", team: action.team.text } : { kind: "remain" };
      case "Refer":
        return { kind: "refer", panel: action.panel.text };
      case "Transfer": {
        const isTeam = this.model.symbols.get(action.target.text)?.kind === "team";
        const joint = action.jointWork;
        const jointWork: TimingSpec | undefined =
          joint === undefined
            ? undefined
            : joint.kind === "JointFrom"
              ? { anchor: this.anchor(joint.anchor) }
              : { anchor: this.anchor(joint.anchor), offset: { sign: -1, duration: this.valueSpec<Duration>(joint.duration) } };
        return {
          kind: "transfer",
          to: isTeam ? action.target.text : this.valueSpec<string>(action.target),
          timing: this.timing(action.timing),
          ...(jointWork ? { jointWork } : {}),
        };
      }
    }
  }

  protocol(): ProtocolSpec {
    const overriders = overridersByRule(this.model);
    const rules: RuleSpec[] = [...this.model.rules.values()].map((rule) => this.rule(rule, overriders.get(rule) ?? []));
    const header = this.model.header;
    const notice = header?.clauses.find((clause): clause is Extract<A.HeaderClause, { kind: "Notice" }> => clause.kind === "Notice");
    const otherwise = header?.clauses.find((clause): clause is Extract<A.HeaderClause, { kind: "Otherwise" }> => clause.kind === "Otherwise");
    const noticeValue = notice ? (this.value(notice.duration, { input: { team: "", facts: {} }, facts: {}, today: "2000-01-01" }, []) as Duration) : undefined;
    return {
      calendar: this.calendar,
      holidays: this.holidays,
      ...(noticeValue ? { notice: noticeValue } : {}),
      ...(otherwise
        ? { otherwise: otherwise.outcome.kind === "Remain" ? { kind: "remain" as const } : { kind: "refer" as const, panel: otherwise.outcome.panel.text } }
        : {}),
      rules,
    };
  }

  rule(rule: A.RuleDecl, overriders: A.RuleDecl[]): RuleSpec {
    const parts = A.ruleParts(rule);
    const unless = parts.unless;
    const unlessCondition: Condition | undefined = unless && { kind: "not", text: requirementText(this.text, unless, true), part: this.condition(unless) };
    const when = parts.when && this.condition(parts.when);
    const condition: Condition = when && unlessCondition ? { kind: "and", parts: [when, unlessCondition] } : (when ?? unlessCondition ?? { kind: "always" });
    const action = parts.action!;
    return {
      name: rule.name.value,
      ...(parts.source ? { source: parts.source.value } : {}),
      ...(parts.because ? { because: parts.because.value } : {}),
      ...(action.kind === "Transfer" && action.from.length > 0 ? { from: action.from.map((team) => team.text) } : {}),
      condition,
      overriddenBy: overriders.map((overrider) => overrider.name.value),
      action: this.action(action),
      ...(parts.request ? { request: this.timing(parts.request) } : {}),
      requires: parts.requires.map((document) => document.text),
    };
  }
}

/** The protocol as the runtime's decision procedure takes it, worked out by interpreting the AST. */
export function interpretProtocol(model: ProtocolModel, text: string): ProtocolSpec {
  return new Interpreter(model, text).protocol();
}

/** Decides one (already valid) case by interpretation; for analysis and for checking the compiler. */
export function interpretDecision(spec: ProtocolSpec, input: CaseInput, today: string, trace = true): Decision {
  return decideCase(spec, input, { today, trace });
}
