// Renders a decision in plain English for a policy officer: what should happen, under which rule and
// why, what is still missing, and why each other rule did not decide.

import type { Decision, TraceEntry } from "./decision.js";

/** Human labels for ids; an id without a label is shown as it is. */
export interface ExplainLabels {
  readonly teams?: Readonly<Record<string, string>>;
  readonly panels?: Readonly<Record<string, string>>;
  readonly events?: Readonly<Record<string, string>>;
  readonly documents?: Readonly<Record<string, string>>;
  readonly facts?: Readonly<Record<string, string>>;
}

function label(map: Readonly<Record<string, string>> | undefined, id: string): string {
  // hasOwn, so an id such as "constructor" is never mistaken for a label.
  return map !== undefined && Object.hasOwn(map, id) ? (map[id] ?? id) : id;
}

function quoted(names: readonly string[]): string {
  const items = names.map((name) => `"${name}"`);
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

// Remain and refer can come from the header's `otherwise` rather than from a rule.
const BY_DEFAULT = ", because no rule applies and this is the protocol's default";

function underRule(decision: Decision): string {
  if (decision.rule === undefined) return "";
  const source = decision.source === undefined ? "" : ` (${decision.source})`;
  return `, under rule "${decision.rule}"${source}`;
}

function timing(decision: Decision, labels: ExplainLabels): string {
  if (typeof decision.due === "string") return ` on ${decision.due}`;
  if (decision.due === null) {
    return decision.waitingFor === undefined
      ? " on a date that cannot be worked out yet"
      : ` when ${label(labels.events, decision.waitingFor)} takes place (it is not yet held or scheduled)`;
  }
  return "";
}

function headline(decision: Decision, labels: ExplainLabels): string {
  switch (decision.outcome) {
    case "transfer": {
      const from = decision.from === undefined ? "" : ` from ${label(labels.teams, decision.from)}`;
      const to = decision.to === undefined ? "" : ` to ${label(labels.teams, decision.to)}`;
      return `Transfer${from}${to}${timing(decision, labels)}${underRule(decision)}.`;
    }
    case "remain": {
      const team = decision.to ?? decision.from;
      const where = team === undefined ? "with the current team" : `with ${label(labels.teams, team)}`;
      return `Remain ${where}${decision.rule === undefined ? BY_DEFAULT : underRule(decision)}.`;
    }
    case "refer": {
      const panel = decision.panel === undefined ? "a panel" : label(labels.panels, decision.panel);
      return `Refer to ${panel}${decision.rule === undefined ? BY_DEFAULT : underRule(decision)}.`;
    }
    case "no-rule":
      return "No rule applies to this case, and the protocol sets no default outcome.";
    case "conflict":
      return `Conflict: rules ${quoted(decision.conflicting)} all apply but say different things, so the protocol cannot decide this case.`;
    case "needs-information": {
      const facts = decision.needs.map((fact) => label(labels.facts, fact)).join(", ");
      if (facts === "" && decision.waitingFor !== undefined) {
        return `No decision yet: it depends on the date of ${label(labels.events, decision.waitingFor)}, which is not yet held or scheduled.`;
      }
      return `No decision yet: it depends on information not in the case record: ${facts}.`;
    }
  }
}

function traceLine(entry: TraceEntry): string {
  const reason = entry.reason === undefined ? "" : ` (${entry.reason})`;
  switch (entry.status) {
    case "applied":
      return `- "${entry.rule}": applies${reason}.`;
    case "not-applicable":
      return entry.reason === undefined
        ? `- "${entry.rule}": does not apply.`
        : `- "${entry.rule}": does not apply (condition not met: ${entry.reason}).`;
    case "overridden": {
      const by = entry.by === undefined ? "" : ` by "${entry.by}"`;
      return `- "${entry.rule}": overridden${by}${reason}.`;
    }
    case "unknown":
      return `- "${entry.rule}": might apply, depending on information not yet known${reason}.`;
  }
}

/** The decision in plain English, one statement per line, ending with how each rule was considered. */
export function explain(decision: Decision, labels: ExplainLabels = {}): string {
  const lines = [headline(decision, labels)];
  if (decision.because !== undefined) lines.push(`Because: ${decision.because}`);
  if (decision.requestBy !== undefined) {
    lines.push(
      decision.requestBy === null
        ? "The date by which to request the transfer cannot be worked out yet."
        : `Request the transfer by ${decision.requestBy}.`,
    );
  }
  if (decision.jointWorkFrom !== undefined) {
    lines.push(
      decision.jointWorkFrom === null
        ? "The date joint work starts cannot be worked out yet."
        : `Joint work starts on ${decision.jointWorkFrom}.`,
    );
  }
  if (decision.missing.length > 0) {
    lines.push(`Still missing: ${decision.missing.map((doc) => label(labels.documents, doc)).join(", ")}.`);
  }
  // For needs-information the headline already lists the facts.
  if (decision.outcome !== "needs-information" && decision.needs.length > 0) {
    lines.push(`Still needed to work out the dates: ${decision.needs.map((fact) => label(labels.facts, fact)).join(", ")}.`);
  }
  if (decision.trace.length > 0) {
    lines.push("Rules considered:", ...decision.trace.map(traceLine));
  }
  return lines.join("\n");
}
