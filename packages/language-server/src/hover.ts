// Hover: what the name under the cursor is (team, fact, event, ...), its type, label and
// description; on a rule's name, its source, exceptions and reason.
import { describeType, ruleParts, type Analysis, type BatonSymbol, type RuleDecl } from "@baton/core";
import { MarkupKind, type Hover } from "vscode-languageserver";
import type { AnalysedDocument } from "./documents.js";
import { toRange } from "./documents.js";
import { fieldAt, referenceAt } from "./locate.js";

export function hover(entry: AnalysedDocument, offset: number): Hover | null {
  const { analysis, document, text } = entry;
  const reference = referenceAt(analysis, offset);
  if (reference !== undefined) {
    let markdown: string;
    switch (reference.target.kind) {
      case "symbol":
        markdown = describeSymbol(analysis, text, reference.target.symbol);
        break;
      case "rule":
        markdown = describeRule(reference.target.rule);
        break;
      case "enum-value": {
        const { decl, value } = reference.target;
        const owner = [...analysis.model.symbols.values()].find((symbol) => symbol.kind === "type" && symbol.decl?.kind === "TypeDecl" && symbol.decl.definition === decl);
        const values = decl.values.map((item) => item.text).join(", ");
        markdown = `${code(value)}\n\nA value of ${owner ? `the type \`${owner.name}\`` : "an enumeration"}: one of ${values}.`;
        break;
      }
    }
    return { contents: { kind: MarkupKind.Markdown, value: markdown }, range: toRange(document, reference.span) };
  }
  const field = fieldAt(analysis, offset);
  if (field !== undefined) {
    const { decl, type } = field.resolution.field;
    let markdown = `${code(`${decl.name.text}: ${text.slice(decl.type.span.start, decl.type.span.end)}`)}\n\nA field of a record: ${describeType(type)}.`;
    if (decl.description) markdown += `\n\n${decl.description.value}`;
    return { contents: { kind: MarkupKind.Markdown, value: markdown }, range: toRange(document, field.name.span) };
  }
  return null;
}

const kindWords: Record<BatonSymbol["kind"], string> = {
  team: "A team that can hold a case.",
  panel: "A panel that decides case by case.",
  type: "A type.",
  fact: "A fact of the case record.",
  let: "A value worked out from other facts (`let`).",
  event: "An event: a meeting, hearing or milestone that can be scheduled or held.",
  document: "A document that must be complete before a transfer.",
};

export function describeSymbol(analysis: Analysis, text: string, symbol: BatonSymbol): string {
  const decl = symbol.decl;
  const parts: string[] = [];
  if (decl === undefined) {
    parts.push(code(`event ${symbol.name}`), `${kindWords.event} Built in: ${symbol.label ?? "the date the current team took the case"}.`);
    return parts.join("\n\n");
  }
  switch (decl.kind) {
    case "Team":
    case "Panel":
    case "Event":
    case "Document":
      parts.push(code(`${symbol.kind} ${symbol.name}`), kindWords[symbol.kind]);
      if (decl.label) parts.push(`**${escapeMarkdown(decl.label.value)}**`);
      break;
    case "Fact": {
      parts.push(code(`fact ${symbol.name}: ${text.slice(decl.type.span.start, decl.type.span.end)}`), kindWords.fact);
      const type = analysis.model.valueTypes.get(symbol.name);
      if (type !== undefined) parts.push(`Type: ${escapeMarkdown(describeType(type))}.`);
      if (decl.description) parts.push(escapeMarkdown(decl.description.value));
      break;
    }
    case "Let": {
      parts.push(code(`let ${symbol.name} = ${oneLine(text.slice(decl.value.span.start, decl.value.span.end))}`), kindWords.let);
      const type = analysis.model.valueTypes.get(symbol.name);
      if (type !== undefined) parts.push(`Type: ${escapeMarkdown(describeType(type))}.`);
      break;
    }
    case "TypeDecl": {
      if (decl.definition.kind === "EnumType") {
        parts.push(code(`type ${symbol.name}: one of ${decl.definition.values.map((value) => value.text).join(", ")}`), "An enumeration: a list of values.");
      } else {
        const fields = decl.definition.fields.map((field) => `  ${field.name.text}: ${text.slice(field.type.span.start, field.type.span.end)}`);
        parts.push(code([`type ${symbol.name}: record`, ...fields].join("\n")), "A record type, for lists of records (`list of`).");
      }
      break;
    }
  }
  return parts.join("\n\n");
}

export function describeRule(rule: RuleDecl): string {
  const parts = ruleParts(rule);
  const lines = [code(`rule ${JSON.stringify(rule.name.value)}`)];
  lines.push(parts.source ? `**Source:** ${escapeMarkdown(parts.source.value)}` : "No `source` clause: say where in the published protocol this rule comes from.");
  if (parts.exceptionTo.length > 0) lines.push(`**Exception to:** ${parts.exceptionTo.map((name) => `"${escapeMarkdown(name.value)}"`).join(", ")}`);
  if (parts.because) lines.push(`**Because:** ${escapeMarkdown(parts.because.value)}`);
  return lines.join("\n\n");
}

function code(text: string): string {
  return `\`\`\`baton\n${text}\n\`\`\``;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]\s*/g, " ");
}

/** Labels and descriptions are the protocol's own words: shown as text, never as markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (char) => `\\${char}`);
}
