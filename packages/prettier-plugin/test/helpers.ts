// Shared by the formatter's tests: formatting through Prettier's API, and comparing what the
// parser reads before and after formatting.
import { parse } from "@baton/core";
import * as prettier from "prettier";
import batonPlugin, { refusingDiagnostics } from "../src/index.js";

export function format(text: string, options: prettier.Options = {}): Promise<string> {
  return prettier.format(text, { ...options, parser: "baton", plugins: [batonPlugin] });
}

/** A copy of a parsed AST without positions (`span` keys) and without its comments. */
export function withoutPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPositions);
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === "span" || key === "comments") continue;
    copy[key] = withoutPositions(inner);
  }
  return copy;
}

/** What the parser reads from a text, ignoring positions and comments. */
export function syntaxTree(text: string): unknown {
  const { ast, diagnostics } = parse(text);
  const refusing = refusingDiagnostics(diagnostics);
  if (refusing.length > 0) throw new Error(`The text does not parse: ${refusing.map((d) => d.message).join("; ")}\n${text}`);
  return withoutPositions(ast);
}

/** Every comment's text (without trailing spaces), sorted: a multiset to compare. */
export function commentTexts(text: string): string[] {
  return parse(text)
    .ast.comments.map((comment) => comment.text.trimEnd())
    .sort();
}
