// Static analysis of a checked protocol (spec section 8): rules that can send one case two ways
// (`conflict`), rules that can never decide (`unreachable-rule`), and cases no rule covers (`gap`).
// Every example case shown has been run through the decision procedure and does what the message says.
import { decideCase, type Decision, type ProtocolSpec } from "@baton/runtime";
import type { ProtocolModel } from "../check/model.js";
import { error, warning, type Diagnostic } from "../diagnostics.js";
import { overridersByRule, sourceText } from "../compile/structure.js";
import { interpretProtocol } from "../evaluate/interpreter.js";
import * as A from "../syntax/ast.js";
import { exampleCase, type ExampleCase } from "./example-case.js";
import { and, atom, FormulaBuilder, not, TRUE, type Formula } from "./formula.js";
import { requiredValues, satisfy, SearchLimit, type Assignment, type Budget } from "./solver.js";

/** Search steps allowed for one question, and for the whole protocol. */
const STEPS_PER_QUESTION = 20_000;
const STEPS_PER_PROTOCOL = 2_000_000;
/**
 * Time the analysis may take (ms): it runs on every check, so in an editor too. Past it, what was
 * not explored is reported (`analysis-limit`) rather than waited for.
 */
export const DEFAULT_ANALYSIS_TIME_MS = 250;

interface RuleInfo {
  rule: A.RuleDecl;
  parts: A.RuleParts;
  applies: Formula;
  required: Map<import("./formula.js").Variable, Set<number>>;
  overriders: A.RuleDecl[];
  action: string;
}

function describeAction(text: string, action: A.Action): string {
  switch (action.kind) {
    case "Transfer":
      return `transfers it to ${action.target.text} ${sourceText(text, action.timing)}`;
    case "Remain":
      return action.team ? `keeps it with ${action.team.text}` : "keeps it where it is";
    case "Refer":
      return `refers it to ${action.panel.text}`;
  }
}

export interface AnalysisResult {
  diagnostics: Diagnostic[];
  /** The example case behind each conflict and gap reported, as the decision procedure ran it. */
  examples: { diagnostic: Diagnostic; example: ExampleCase }[];
  /** Questions not answered within the search budget. */
  unexplored: number;
}

export interface AnalysisOptions {
  /** How long the analysis may take, in milliseconds (default DEFAULT_ANALYSIS_TIME_MS). */
  timeLimitMs?: number;
}

/** The analysis could not even start within its time: everything is left unexplored, and said so. */
function tooLarge(model: ProtocolModel, rules: number): AnalysisResult {
  const header = model.header;
  const diagnostics = header
    ? [
        warning(
          "analysis-limit",
          header.name.span,
          `This protocol is too large for Baton to look for conflicts, gaps and unreachable rules within its time limit (${rules} rules), so none are reported. Splitting it into several protocols helps.`,
        ),
      ]
    : [];
  return { diagnostics, examples: [], unexplored: rules };
}

export function analyzeProtocol(model: ProtocolModel, text: string, options: AnalysisOptions = {}): AnalysisResult {
  const deadline = performance.now() + (options.timeLimitMs ?? DEFAULT_ANALYSIS_TIME_MS);
  const outOfTime = () => performance.now() > deadline;
  const diagnostics: Diagnostic[] = [];
  const examples: AnalysisResult["examples"] = [];
  const builder = new FormulaBuilder(model, text);
  const rules = [...model.rules.values()].filter((rule) => A.ruleParts(rule).action !== undefined);
  // First every constant each term is compared with, so each term's regions are fixed before use.
  for (const rule of rules) {
    const parts = A.ruleParts(rule);
    if (parts.when) builder.collect(parts.when);
    if (parts.unless) builder.collect(parts.unless);
  }
  const overriders = overridersByRule(model);
  if (outOfTime()) return tooLarge(model, rules.length);
  const infos: RuleInfo[] = [];
  for (const rule of rules) {
    // Building the formulas is bounded by the time limit too: a protocol of 100,000 rules stops here.
    if (outOfTime()) return tooLarge(model, rules.length);
    const parts = A.ruleParts(rule);
    const action = parts.action!;
    const from = action.kind === "Transfer" && action.from.length > 0 ? builder.teamIn(action.from.map((team) => team.text)) : TRUE;
    const applies = and([from, parts.when ? builder.condition(parts.when) : TRUE, parts.unless ? not(builder.condition(parts.unless)) : TRUE]);
    infos.push({
      rule,
      parts,
      applies,
      required: requiredValues(applies),
      overriders: overriders.get(rule) ?? [],
      action: `${action.kind}:${describeAction(text, action)}`,
    });
  }
  const infoOf = new Map(infos.map((info) => [info.rule, info]));
  let spec: ProtocolSpec | undefined;
  const specOnce = () => (spec ??= interpretProtocol(model, text));
  const total: Budget = { nodes: STEPS_PER_PROTOCOL };
  let unexplored = 0;

  const ask = (formulas: Formula[]): Assignment | null | "limit" => {
    if (total.nodes <= 0 || outOfTime()) return "limit";
    const budget: Budget = { nodes: Math.min(STEPS_PER_QUESTION, total.nodes) };
    try {
      return satisfy(formulas, budget);
    } catch (cause) {
      if (cause instanceof SearchLimit) return "limit";
      throw cause;
    } finally {
      total.nodes -= Math.min(STEPS_PER_QUESTION, total.nodes) - Math.max(0, budget.nodes);
    }
  };

  /** An example case realising `assignment` on which the decision is what `wanted` says, if one can be built. */
  const confirmed = (assignment: Assignment, wanted: (decision: Decision) => boolean): ExampleCase | undefined => {
    for (const variant of [0, 1]) {
      const example = exampleCase(model, assignment, variant);
      if (example === undefined) continue;
      try {
        if (wanted(decideCase(specOnce(), example.input, { today: example.today, trace: false }))) return example;
      } catch {
        // A date outside the bank holiday data, say: this example cannot be shown.
      }
    }
    return undefined;
  };

  // ---- unreachable rules ----
  const unreachable = new Set<A.RuleDecl>();
  let rulesUnexplored = 0;
  for (const info of infos) {
    if (outOfTime()) {
      rulesUnexplored++;
      continue;
    }
    const possible = ask([info.applies]);
    if (possible === "limit") {
      unexplored++;
      continue;
    }
    if (possible === null) {
      unreachable.add(info.rule);
      diagnostics.push(
        warning("unreachable-rule", info.rule.name.span, "This rule can never apply: no case meets its condition (with its `from` teams), so it never decides. Check the condition for parts that contradict each other."),
      );
      continue;
    }
    if (info.overriders.length === 0) continue;
    const alone = ask([info.applies, ...info.overriders.map((overrider) => not(infoOf.get(overrider)?.applies ?? TRUE))]);
    if (alone === "limit") {
      unexplored++;
      continue;
    }
    if (alone === null) {
      unreachable.add(info.rule);
      const names = info.overriders.map((overrider) => `"${overrider.name.value}"`).join(", ");
      diagnostics.push(
        warning("unreachable-rule", info.rule.name.span, `This rule never decides: whenever it applies, a rule that is an exception to it applies too (${names}), and overrides it.`, {
          related: info.overriders.map((overrider) => ({ span: overrider.name.span, message: "an exception that always applies with it" })),
        }),
      );
    }
  }

  // ---- conflicts ----
  // Index the rules by the team they need: two rules needing different teams can never meet, and
  // most protocols' rules are about one team's cases, so most pairs are never looked at.
  const teamVariable = builder.teamVariable();
  const byTeam = new Map<number, number[]>();
  const anyTeam: number[] = [];
  infos.forEach((info, index) => {
    const teams = info.required.get(teamVariable);
    if (teams === undefined) anyTeam.push(index);
    else {
      for (const team of teams) {
        const list = byTeam.get(team);
        if (list === undefined) byTeam.set(team, [index]);
        else list.push(index);
      }
    }
  });
  /** The rules after `index` that could meet it: the same team, or any team. */
  const partners = (index: number): number[] => {
    const teams = infos[index]!.required.get(teamVariable);
    if (teams === undefined) return infos.map((_, other) => other).slice(index + 1);
    const lists = [anyTeam, ...[...teams].map((team) => byTeam.get(team) ?? [])];
    const found = lists.length === 2 ? lists[1]!.filter((other) => other > index) : [...new Set(lists.flat())].filter((other) => other > index);
    if (lists.length === 2) for (const other of anyTeam) if (other > index) found.push(other);
    return found.sort((a, b) => a - b);
  };
  let rowsUnexplored = 0;
  for (let i = 0; i < infos.length; i++) {
    const first = infos[i]!;
    if (unreachable.has(first.rule)) continue;
    if (outOfTime()) {
      rowsUnexplored++;
      continue;
    }
    for (const j of partners(i)) {
      const second = infos[j]!;
      if (unreachable.has(second.rule) || first.action === second.action) continue;
      if (first.overriders.includes(second.rule) || second.overriders.includes(first.rule)) continue;
      // Quick test: both require values of one variable that do not meet (different `from` teams, say).
      let disjoint = false;
      for (const [variable, values] of first.required) {
        const other = second.required.get(variable);
        if (other && ![...values].some((value) => other.has(value))) {
          disjoint = true;
          break;
        }
      }
      if (disjoint) continue;
      const constraints = [first.applies, second.applies];
      for (const overrider of new Set([...first.overriders, ...second.overriders])) constraints.push(not(infoOf.get(overrider)?.applies ?? TRUE));
      // A team held in a fact differs from a team named outright only when it is not that team.
      const [firstAction, secondAction] = [first.parts.action!, second.parts.action!];
      if (firstAction.kind === "Transfer" && secondAction.kind === "Transfer" && first.action.replace(firstAction.target.text, "") === second.action.replace(secondAction.target.text, "")) {
        for (const [held, named] of [[firstAction.target.text, secondAction.target.text], [secondAction.target.text, firstAction.target.text]] as const) {
          if (model.symbols.get(held)?.kind === "fact" && model.symbols.get(named)?.kind === "team") {
            const variable = builder.teamFactVariable(held);
            const index = builder.teamsList().indexOf(named);
            constraints.push(not(atom(variable, new Set([index]))));
          }
        }
      }
      const found = ask(constraints);
      if (found === "limit") {
        unexplored++;
        continue;
      }
      if (found === null) continue;
      const names = [first.rule.name.value, second.rule.name.value];
      const example = confirmed(found, (decision) => decision.outcome === "conflict" && names.every((name) => decision.conflicting.includes(name)));
      if (example === undefined) continue;
      const diagnostic = error(
          "conflict",
          second.rule.name.span,
          `"${names[0]}" and "${names[1]}" can both apply to the same case, and neither is an exception to the other: one ${describeAction(text, firstAction)}, the other ${describeAction(text, secondAction)}. For example: ${example.description}. Add \`exception to\` to the rule that should win, or make their conditions exclusive.`,
          {
            related: [
              { span: first.rule.name.span, message: `"${names[0]}" ${describeAction(text, firstAction)}` },
              { span: second.rule.name.span, message: `"${names[1]}" ${describeAction(text, secondAction)}` },
            ],
          },
        );
      diagnostics.push(diagnostic);
      examples.push({ diagnostic, example });
    }
  }

  // ---- gaps ----
  const header = model.header;
  const hasOtherwise = header?.clauses.some((clause) => clause.kind === "Otherwise") ?? false;
  if (header !== undefined && !hasOtherwise && infos.length > 0) {
    const found = ask(infos.map((info) => not(info.applies)));
    if (found === "limit") unexplored++;
    else if (found !== null) {
      const example = confirmed(found, (decision) => decision.outcome === "no-rule");
      if (example !== undefined) {
        const diagnostic = warning(
            "gap",
            header.name.span,
            `Some cases are covered by no rule, and the protocol has no \`otherwise\`, so Baton would answer "no rule" for them. For example: ${example.description}. Add rules for such cases, or say what happens to them with \`otherwise remain\` or \`otherwise refer to PANEL\`.`,
          );
        diagnostics.push(diagnostic);
        examples.push({ diagnostic, example });
      }
    }
  }

  if ((unexplored > 0 || rulesUnexplored > 0 || rowsUnexplored > 0) && header !== undefined) {
    const left: string[] = [];
    if (rulesUnexplored > 0) left.push(`${rulesUnexplored} rule${rulesUnexplored === 1 ? "" : "s"} not checked for being unreachable`);
    if (rowsUnexplored > 0) left.push(`${rowsUnexplored} rule${rowsUnexplored === 1 ? "" : "s"} not checked for conflicts with the rules after ${rowsUnexplored === 1 ? "it" : "them"}`);
    if (unexplored > 0) left.push(`${unexplored} question${unexplored === 1 ? "" : "s"} that needed more searching than allowed`);
    diagnostics.push(
      warning(
        "analysis-limit",
        header.name.span,
        `Baton stopped looking for conflicts, gaps and unreachable rules before it was done (${left.join("; ")}), so some problems may not be reported. Splitting very large conditions into simpler rules, or a large protocol into several, helps.`,
      ),
    );
  }
  unexplored += rulesUnexplored + rowsUnexplored;
  return { diagnostics, examples, unexplored };
}
