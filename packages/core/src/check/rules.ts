// Rules (spec section 5): the clauses in order and each at most once, one action, the teams,
// panels, events and documents they name, their timings, and `exception to` chains without cycles.
import { error, warning } from "../diagnostics.js";
import * as A from "../syntax/ast.js";
import { CheckContext, replaceWith } from "./context.js";
import { noScope, type ExpressionChecker } from "./expressions.js";
import { eventType } from "./types.js";

const clauseOrder: Record<A.RuleClause["kind"], number> = {
  Source: 0,
  ExceptionTo: 1,
  When: 2,
  Unless: 3,
  Transfer: 4,
  Remain: 4,
  Refer: 4,
  Request: 5,
  Requires: 6,
  Because: 7,
};

const clauseWords: Record<A.RuleClause["kind"], string> = {
  Source: "source",
  ExceptionTo: "exception to",
  When: "when",
  Unless: "unless",
  Transfer: "the action",
  Remain: "the action",
  Refer: "the action",
  Request: "request",
  Requires: "requires",
  Because: "because",
};

/** A clause named in a message: `when` in backquotes, but the action in words. */
function quoteClause(kind: A.RuleClause["kind"], sentenceStart: boolean): string {
  const word = clauseWords[kind];
  if (word !== "the action") return `\`${word}\``;
  return sentenceStart ? "The action" : "the action";
}

// What the checker passes to `resolve` and as roles, made once rather than for each rule (they
// are only read when there is a mistake to report).
const teamKinds = ["team"] as const;
const panelKinds = ["panel"] as const;
const eventKinds = ["event"] as const;
const documentKinds = ["document"] as const;
const targetKinds = ["team", "fact", "let"] as const;
const anchorKinds = ["event", "fact", "let"] as const;
const timingRoles = { Within: "`within`", After: "`after`", Before: "`before`" } as const;
const suffixed = new Map<string, Map<string, string>>();

/** `role` followed by `suffix`, made once for each of the few roles there are. */
function withSuffix(role: string, suffix: string): string {
  let bySuffix = suffixed.get(suffix);
  if (bySuffix === undefined) suffixed.set(suffix, (bySuffix = new Map()));
  let text = bySuffix.get(role);
  if (text === undefined) bySuffix.set(role, (text = role + suffix));
  return text;
}

/** Rules no rule is an exception to: shared, as most rules are. Never changed. */
const noRules: readonly A.RuleDecl[] = [];

/** Longer chains of rules, each an exception to the next, than any protocol needs. */
export const MAX_EXCEPTION_CHAIN = 256;

const orderInWords = "`source`, `exception to`, `when`, `unless`, the action (`transfer`, `remain` or `refer to`), `request`, `requires`, `because`";

export class RuleChecker {
  constructor(
    private readonly context: CheckContext,
    private readonly expressions: ExpressionChecker,
    /** Spans holding a syntax error: a rule there may be missing parts that were written. */
    private readonly brokenSpans: readonly A.Span[],
    /** Where the text that belongs to a declaration ends: at the next declaration. */
    private readonly extentEnd: (declaration: A.Declaration) => number,
  ) {}

  check(rule: A.RuleDecl): void {
    this.checkShape(rule);
    const parts = A.ruleParts(rule);
    if (parts.source === undefined) {
      const at = rule.name.span.end;
      this.context.report(
        warning("missing-source", rule.name.span, "This rule does not say where it comes from. Add `source \"...\"` with the section, table or paragraph of the published protocol.", {
          fix: { title: "Add a `source` clause", edits: [{ span: { start: at, end: at }, newText: "\n  source \"\"" }] },
        }),
      );
    }
    this.checkExceptions(rule, parts.exceptionTo);
    if (parts.when) this.expressions.expectCondition(parts.when, noScope, "`when`");
    if (parts.unless) this.expressions.expectCondition(parts.unless, noScope, "`unless`");
    if (parts.action) this.checkAction(parts.action);
    if (parts.request) {
      if (parts.action && parts.action.kind !== "Transfer") {
        const clause = rule.clauses.find((c) => c.kind === "Request")!;
        this.context.report(
          error("rule-shape", clause.span, "`request` says when a transfer must be asked for, so it only belongs in a rule that transfers the case."),
        );
      }
      this.checkTiming(parts.request, "`request`");
    }
    for (const document of parts.requires) this.context.resolve(document, documentKinds, "`requires`");
  }

  /** Whether a syntax error falls between the rule's start and the next declaration. */
  private isBroken(rule: A.RuleDecl): boolean {
    if (this.brokenSpans.length === 0) return false;
    const end = this.extentEnd(rule);
    return this.brokenSpans.some((broken) => broken.start < end && broken.end >= rule.span.start);
  }

  /** The rules checked so far that are an exception to others, in order, with the rules they are an exception to. */
  private readonly exceptions: { rule: A.RuleDecl; targets: readonly A.RuleDecl[] }[] = [];

  /**
   * The first clause of each rank (0 to 7) in the rule being checked, for the ranks whose bit is set
   * in `checkShape`'s `ranksSeen`: one array for all the rules, which need not be cleared for each.
   */
  private readonly firstOfRank: (A.RuleClause | undefined)[] = new Array<A.RuleClause | undefined>(8).fill(undefined);

  /** Checks the order of the rule's clauses, and that each is written at most once. */
  private checkShape(rule: A.RuleDecl): void {
    let highest = -1;
    let highestClause: A.RuleClause | undefined;
    const seen = this.firstOfRank;
    let ranksSeen = 0;
    for (const clause of rule.clauses) {
      const rank = clauseOrder[clause.kind];
      const first = ranksSeen & (1 << rank) ? seen[rank] : undefined;
      if (first !== undefined) {
        const word = clauseWords[clause.kind];
        const advice =
          clause.kind === "When" || clause.kind === "Unless"
            ? ` Join the conditions with \`and\` in one \`${word}\`.`
            : clause.kind === "ExceptionTo" || clause.kind === "Requires"
              ? ` List them all in one \`${word}\`, separated by commas.`
              : rank === 4
                ? " A rule has one action; write a second rule for the other."
                : " Keep one.";
        this.context.report(
          error("rule-shape", clause.span, `This rule has ${rank === 4 ? "a second action" : `\`${word}\` twice`}.${advice}`, {
            related: [{ span: first.span, message: `the first ${rank === 4 ? "action" : `\`${word}\``}` }],
          }),
        );
        continue;
      }
      seen[rank] = clause;
      ranksSeen |= 1 << rank;
      if (rank < highest && highestClause !== undefined) {
        this.context.report(
          error(
            "rule-shape",
            clause.span,
            `${quoteClause(clause.kind, true)} must come before ${quoteClause(highestClause.kind, false)}. A rule's clauses go in this order: ${orderInWords}.`,
          ),
        );
      } else {
        highest = rank;
        highestClause = clause;
      }
    }
    if (!(ranksSeen & (1 << 4)) && !this.isBroken(rule)) {
      this.context.report(
        error(
          "rule-shape",
          rule.name.span,
          "This rule has no action. Say what happens to the case: `transfer to TEAM ...`, `remain` or `refer to PANEL`.",
        ),
      );
    }
  }

  private checkExceptions(rule: A.RuleDecl, names: readonly A.StringLiteral[]): void {
    if (names.length === 0) {
      this.context.exceptionTo.set(rule, noRules);
      return;
    }
    const targets: A.RuleDecl[] = [];
    this.exceptions.push({ rule, targets });
    for (const name of names) {
      const target = this.context.rules.get(name.value);
      if (target === undefined) {
        this.context.reportUnknownRule(name);
        continue;
      }
      this.context.references.push({ span: name.span, target: { kind: "rule", rule: target }, declaration: false });
      targets.push(target);
    }
    this.context.exceptionTo.set(rule, targets);
  }

  private checkAction(action: A.Action): void {
    switch (action.kind) {
      case "Transfer": {
        let fromTarget = false;
        for (const team of action.from) {
          this.context.resolve(team, teamKinds, "`transfer from`");
          if (team.text === action.target.text) fromTarget = true;
        }
        this.checkTarget(action.target, action);
        if (fromTarget && this.context.symbols.get(action.target.text)?.kind === "team") {
          this.context.report(
            warning(
              "self-transfer",
              action.target.span,
              action.from.length === 1
                ? `This moves the case from ${action.target.text} to ${action.target.text}, which is no move at all. Did you mean another team, or \`remain\`?`
                : `A case held by ${action.target.text} would be moved to ${action.target.text}, which is no move at all. Take ${action.target.text} out of the \`from\` list.`,
            ),
          );
        }
        this.checkTiming(action.timing, "`transfer`");
        if (action.jointWork) {
          const joint = action.jointWork;
          if (joint.kind === "JointBefore") this.expressions.expectKind(joint.duration, noScope, "duration", "`joint work ... before`");
          this.checkAnchor(joint.anchor, "`joint work`");
        }
        break;
      }
      case "Remain":
        if (action.team) this.context.resolve(action.team, teamKinds, "`remain with`");
        break;
      case "Refer":
        this.context.resolve(action.panel, panelKinds, "`refer to`");
        break;
      default:
        A.assertNever(action);
    }
  }

  /** A transfer's target: a team, or a fact or let whose value is a team. */
  private checkTarget(target: A.Name, action: A.TransferAction): void {
    const known = this.context.symbols.get(target.text);
    if (known?.kind === "panel") {
      this.context.noteUse(target, known);
      this.context.report(
        error("wrong-kind", target.span, `\`${target.text}\` is a panel, and a case is transferred to a team. To leave the decision to the panel, write \`refer to ${target.text}\`.`, {
          fix: { title: `Change to \`refer to ${target.text}\``, edits: [{ span: action.span, newText: `refer to ${target.text}` }] },
        }),
      );
      return;
    }
    const symbol = this.context.resolve(target, targetKinds, "`transfer to`");
    if (symbol === undefined || symbol.kind === "team") return;
    const type = symbol.kind === "let" ? this.expressions.letType(symbol) : this.context.valueTypes.get(symbol.name);
    if (type !== undefined && type.kind !== "team" && type.kind !== "error") {
      this.context.report(
        error(
          "type-mismatch",
          target.span,
          `A transfer goes to a team, or to a fact whose value is a team (\`fact ${symbol.name}: team\`), but \`${symbol.name}\` is not a team.`,
        ),
      );
    }
  }

  private checkTiming(timing: A.Timing, role: string): void {
    switch (timing.kind) {
      case "Immediately":
        return;
      case "AtEvent": {
        const symbol = this.context.symbols.get(timing.event.text);
        if (symbol && (symbol.kind === "fact" || symbol.kind === "let")) {
          this.context.noteUse(timing.event, symbol);
          this.context.report(
            error("wrong-kind", timing.event.span, `\`at\` needs an event, but \`${symbol.name}\` is ${symbol.kind === "fact" ? "a fact" : "a value"}. For a date, write \`on ${symbol.name}\`.`, {
              fix: { title: `Change to \`on ${symbol.name}\``, edits: [{ span: timing.span, newText: `on ${symbol.name}` }] },
            }),
          );
          return;
        }
        this.context.resolve(timing.event, eventKinds, withSuffix(role, " `at`"));
        return;
      }
      case "OnDate":
        if (timing.date.kind === "Name" && this.context.symbols.get(timing.date.text)?.kind === "event") {
          const name = timing.date.text;
          this.context.noteUse(timing.date, this.context.symbols.get(name)!);
          this.context.report(
            error("wrong-kind", timing.date.span, `\`on\` needs a date, but \`${name}\` is an event. Write \`at ${name}\` for the day it is held.`, {
              fix: { title: `Change to \`at ${name}\``, edits: [{ span: timing.span, newText: `at ${name}` }] },
            }),
          );
          return;
        }
        this.expressions.expectKind(timing.date, noScope, "date", "`on`");
        return;
      case "Within":
      case "After":
      case "Before":
        this.expressions.expectKind(timing.duration, noScope, "duration", timingRoles[timing.kind]);
        this.checkAnchor(timing.anchor, timingRoles[timing.kind]);
        return;
      default:
        A.assertNever(timing);
    }
  }

  /** What a timing counts from: an event (by name) or a date expression. */
  private checkAnchor(anchor: A.Expr, role: string): void {
    if (anchor.kind === "Name") {
      const symbol = this.context.symbols.get(anchor.text);
      if (symbol?.kind === "event") {
        this.context.noteUse(anchor, symbol);
        this.context.expressionTypes.set(anchor, eventType);
        return;
      }
      if (symbol === undefined) {
        this.context.reportUnknown(anchor, anchorKinds);
        return;
      }
    }
    this.expressions.expectKind(anchor, noScope, "date", withSuffix(role, " (an event or a date)"));
  }

  /**
   * Cycles in `exception to` among the rules checked (called once they all are): each reported
   * once, at the `exception to` that closes it. And chains longer than MAX_EXCEPTION_CHAIN: what
   * overrides a rule is worked out through the whole chain, for every rule in it, so a chain of
   * thousands would take the compiler a very long time.
   */
  checkExceptionCycles(): void {
    /**
     * For each rule reached that is an exception to others: 0 while it is being visited, then how
     * many rules long the chain of exceptions from it is (the rule included). Most rules are an
     * exception to none, a chain of one with nothing to search: they are left out, as there may be
     * 100,000 of them. One map rather than two, for the same reason.
     */
    const chain = new Map<A.RuleDecl, number>();
    const reported = new Set<A.RuleDecl>();
    // Depth-first search with an explicit stack: a long chain of exceptions must not exhaust the call stack.
    const stack: { rule: A.RuleDecl; targets: readonly A.RuleDecl[]; next: number }[] = [];
    for (const { rule: root, targets: rootTargets } of this.exceptions) {
      if (rootTargets.length === 0 || chain.has(root)) continue;
      stack.push({ rule: root, targets: rootTargets, next: 0 });
      chain.set(root, 0);
      while (stack.length > 0) {
        const frame = stack[stack.length - 1]!;
        const targets = frame.targets;
        if (frame.next >= targets.length) {
          stack.pop();
          let longest: A.RuleDecl | undefined;
          let longestLength = 0;
          for (const target of targets) {
            // Not in the map: an exception to no rule, a chain of one.
            const length = chain.get(target) ?? 1;
            if (length > longestLength) {
              longest = target;
              longestLength = length;
            }
          }
          const length = longestLength + 1;
          chain.set(frame.rule, length);
          // Reported once, where the chain first grows too long.
          if (length === MAX_EXCEPTION_CHAIN + 1) this.reportLongChain(frame.rule, longest!);
          continue;
        }
        const target = targets[frame.next++]!;
        const targetChain = chain.get(target);
        if (targetChain === undefined) {
          const targetTargets = this.context.exceptionTo.get(target) ?? noRules;
          if (targetTargets.length === 0) continue;
          chain.set(target, 0);
          stack.push({ rule: target, targets: targetTargets, next: 0 });
        } else if (targetChain === 0) {
          const cycle = stack.slice(stack.findIndex((entry) => entry.rule === target)).map((entry) => entry.rule);
          if (cycle.some((member) => reported.has(member))) continue;
          cycle.forEach((member) => reported.add(member));
          this.reportExceptionCycle(frame.rule, target, cycle);
        }
      }
    }
  }

  private reportLongChain(rule: A.RuleDecl, target: A.RuleDecl): void {
    const clause = A.ruleParts(rule).exceptionTo.find((name) => name.value === target.name.value)!;
    this.context.report(
      error(
        "too-deep",
        clause.span,
        `This makes a chain of more than ${MAX_EXCEPTION_CHAIN} rules, each an exception to the next, which no protocol needs. Make each rule an exception only to the rules it really takes precedence over.`,
      ),
    );
  }

  private reportExceptionCycle(rule: A.RuleDecl, target: A.RuleDecl, cycle: A.RuleDecl[]): void {
    const names = [...cycle, target].map((member) => `"${member.name.value}"`).join(" is an exception to ");
    const clause = A.ruleParts(rule).exceptionTo.find((name) => name.value === target.name.value)!;
    this.context.report(
      error(
        "cyclic-exception",
        clause.span,
        cycle.length === 1
          ? `"${rule.name.value}" is declared an exception to itself. Remove it from its own \`exception to\`.`
          : `These rules are exceptions to each other in a circle, so none can take precedence: ${names}. Remove one \`exception to\`.`,
        { related: cycle.filter((member) => member !== rule).map((member) => ({ span: member.name.span, message: "part of the circle" })) },
      ),
    );
  }
}
