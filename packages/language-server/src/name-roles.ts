// What kind of thing a name stands for, from where it is written: a team after `from`, an event
// after `at`, a fact in a condition, and so on. Used to offer to declare a name that is not declared.
import type { Expr, Name, ProtocolFile, ProtocolModel, Span, Timing, Value } from "@baton/core";
import type { SymbolKind } from "@baton/core";

export interface NameRole {
  kind: SymbolKind;
  /** For a fact: the type its uses suggest (`yes/no`, `date`, `Plan`...). */
  factType?: string;
}

/** The role of the name written at `span`, or undefined when the place says nothing useful. */
export function roleOfName(file: ProtocolFile, model: ProtocolModel, span: Span): NameRole | undefined {
  const finder = new RoleFinder(span, model);
  for (const declaration of file.declarations) {
    if (declaration.span.end < span.start || declaration.span.start > span.end) continue;
    switch (declaration.kind) {
      case "Header":
        for (const clause of declaration.clauses) if (clause.kind === "Otherwise" && clause.outcome.kind === "Refer") finder.name(clause.outcome.panel, { kind: "panel" });
        break;
      case "Let":
        finder.expr(declaration.value, "value");
        break;
      case "Rule":
        for (const clause of declaration.clauses) {
          switch (clause.kind) {
            case "When":
            case "Unless":
              finder.expr(clause.condition, "condition");
              break;
            case "Transfer":
              for (const team of clause.from) finder.name(team, { kind: "team" });
              finder.name(clause.target, { kind: "team" });
              finder.timing(clause.timing);
              if (clause.jointWork) {
                if (clause.jointWork.kind === "JointBefore") finder.expr(clause.jointWork.duration, "value");
                finder.anchor(clause.jointWork.anchor);
              }
              break;
            case "Remain":
              if (clause.team) finder.name(clause.team, { kind: "team" });
              break;
            case "Refer":
              finder.name(clause.panel, { kind: "panel" });
              break;
            case "Request":
              finder.timing(clause.timing);
              break;
            case "Requires":
              for (const document of clause.documents) finder.name(document, { kind: "document" });
              break;
            default:
              break;
          }
        }
        break;
      case "Test":
        for (const line of declaration.lines) {
          switch (line.kind) {
            case "TestTeam":
              finder.name(line.team, { kind: "team" });
              break;
            case "Given":
              for (const item of line.items) {
                if (item.kind === "GivenFact") finder.name(item.fact, { kind: "fact", factType: finder.typeOfValue(item.value) });
                else if (item.kind === "GivenEvent") finder.name(item.event, { kind: "event" });
                else finder.name(item.document, { kind: "document" });
              }
              break;
            case "Expect": {
              const expectation = line.expectation;
              if (expectation.kind === "ExpectTransfer") finder.name(expectation.team, { kind: "team" });
              else if (expectation.kind === "ExpectRemain" && expectation.team) finder.name(expectation.team, { kind: "team" });
              else if (expectation.kind === "ExpectRefer") finder.name(expectation.panel, { kind: "panel" });
              else if (expectation.kind === "ExpectNeeds") for (const fact of expectation.facts) finder.name(fact, { kind: "fact" });
              else if (expectation.kind === "ExpectMissing") for (const document of expectation.documents) finder.name(document, { kind: "document" });
              break;
            }
            default:
              break;
          }
        }
        break;
      default:
        break;
    }
    if (finder.found !== undefined) return finder.found;
  }
  return finder.found;
}

type Place = "condition" | "value" | "date";

class RoleFinder {
  found: NameRole | undefined;

  constructor(
    private readonly span: Span,
    private readonly model: ProtocolModel,
  ) {}

  name(name: Name, role: NameRole): void {
    if (this.found === undefined && name.span.start === this.span.start && name.span.end === this.span.end) this.found = role;
  }

  timing(timing: Timing): void {
    switch (timing.kind) {
      case "AtEvent":
        this.name(timing.event, { kind: "event" });
        break;
      case "OnDate":
        this.expr(timing.date, "date");
        break;
      case "Within":
      case "After":
      case "Before":
        this.expr(timing.duration, "value");
        this.anchor(timing.anchor);
        break;
      case "Immediately":
        break;
    }
  }

  /** An event or a date; a bare name there is most often an event. */
  anchor(anchor: Expr): void {
    if (anchor.kind === "Name") this.name(anchor, { kind: "event" });
    else this.expr(anchor, "date");
  }

  expr(expr: Expr, place: Place): void {
    if (this.found !== undefined || expr.span.end < this.span.start || expr.span.start > this.span.end) return;
    switch (expr.kind) {
      case "Name":
        this.name(expr, { kind: "fact", factType: place === "condition" ? "yes/no" : place === "date" ? "date" : "yes/no" });
        break;
      case "Paren":
        this.expr(expr.inner, place);
        break;
      case "Logical":
        for (const operand of expr.operands) this.expr(operand, "condition");
        break;
      case "Not":
        this.expr(expr.operand, "condition");
        break;
      case "Compare": {
        const other = (side: Expr) => (side.kind === "Number" ? "number" : side.kind === "Date" || side.kind === "Today" || side.kind === "Arithmetic" ? "date" : undefined);
        if (expr.left.kind === "Name") this.name(expr.left, { kind: "fact", factType: other(expr.right) ?? "number" });
        if (expr.right.kind === "Name") this.name(expr.right, { kind: "fact", factType: other(expr.left) ?? "number" });
        this.expr(expr.left, "value");
        this.expr(expr.right, "value");
        break;
      }
      case "Is":
        if (expr.subject.kind === "Name") this.name(expr.subject, { kind: "fact", factType: this.typeOfValue(expr.value) });
        else this.expr(expr.subject, "value");
        break;
      case "IsOneOf":
        if (expr.subject.kind === "Name") this.name(expr.subject, { kind: "fact", factType: expr.values[0] ? this.typeOfValue(expr.values[0]) : "yes/no" });
        else this.expr(expr.subject, "value");
        break;
      case "Postfix":
        if (expr.subject.kind === "Name") this.name(expr.subject, { kind: expr.operator === "complete" ? "document" : "event" });
        break;
      case "Arithmetic":
        if (expr.first.kind === "Name") this.name(expr.first, { kind: "fact", factType: "date" });
        else this.expr(expr.first, "date");
        for (const step of expr.rest) this.expr(step.operand, "value");
        break;
      case "TimeSince":
        this.expr(expr.operand, "date");
        break;
      case "DateOf":
        this.name(expr.event, { kind: "event" });
        break;
      case "Aggregate":
      case "Number":
      case "Date":
      case "Duration":
      case "Boolean":
      case "Today":
      case "CurrentTeam":
      case "Missing":
        break;
    }
  }

  /** The type a value suggests: an enumeration that has it, a team, yes/no, a number or a date. */
  typeOfValue(value: Value | Expr): string {
    switch (value.kind) {
      case "Boolean":
        return "yes/no";
      case "Number":
        return "number";
      case "Date":
        return "date";
      case "Duration":
        return "duration";
      case "Name": {
        const symbol = this.model.symbols.get(value.text);
        if (symbol?.kind === "team") return "team";
        for (const candidate of this.model.symbols.values()) {
          if (candidate.decl?.kind === "TypeDecl" && candidate.decl.definition.kind === "EnumType" && candidate.decl.definition.values.some((item) => item.text === value.text)) {
            return candidate.name;
          }
        }
        return `one of ${value.text}`;
      }
      default:
        return "yes/no";
    }
  }
}
