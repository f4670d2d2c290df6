// Finding what is under the cursor: the named thing (from the checker's references), the record
// field, or the token. Shared by hover, navigation, rename and completion.
import type { Analysis, BatonSymbol, Name, Reference, Resolution, RuleDecl, Span } from "@baton/core";

/** A token of the parsed file, as the features need it. */
export interface SourceToken {
  image: string;
  /** The lexer's token type name (`Identifier`, `StringLiteral`, or the keyword's name). */
  type: string;
  start: number;
  /** Exclusive. */
  end: number;
}

export function tokensOf(analysis: Analysis): SourceToken[] {
  return analysis.parse.tokens.map((token) => ({
    image: token.image,
    type: token.tokenType.name,
    start: token.startOffset,
    end: token.startOffset + token.image.length,
  }));
}

/** The reference whose span holds `offset` (touching either end counts, as editors expect). */
export function referenceAt(analysis: Analysis, offset: number): Reference | undefined {
  let best: Reference | undefined;
  for (const reference of analysis.model.references) {
    if (reference.span.start <= offset && offset <= reference.span.end) {
      // Prefer the reference that starts at the cursor over one that merely ends there.
      if (best === undefined || reference.span.start > best.span.start) best = reference;
    }
  }
  return best;
}

/** A record field named at `offset` (inside `where`, or in a test's record values). */
export function fieldAt(analysis: Analysis, offset: number): { name: Name; resolution: Extract<Resolution, { kind: "field" }> } | undefined {
  for (const [name, resolution] of analysis.model.resolutions) {
    if (resolution.kind === "field" && name.span.start <= offset && offset <= name.span.end) return { name, resolution };
  }
  return undefined;
}

/** What a reference points at, as a key shared by all its references. */
export type Target = Reference["target"];

export function sameTarget(a: Target, b: Target): boolean {
  if (a.kind === "symbol" && b.kind === "symbol") return a.symbol === b.symbol;
  if (a.kind === "rule" && b.kind === "rule") return a.rule === b.rule;
  if (a.kind === "enum-value" && b.kind === "enum-value") return a.decl === b.decl && a.value === b.value;
  return false;
}

export function referencesTo(analysis: Analysis, target: Target): Reference[] {
  return analysis.model.references.filter((reference) => sameTarget(reference.target, target));
}

/** Where the target is declared; undefined for the built-in event `allocation`. */
export function declarationSpan(target: Target): Span | undefined {
  switch (target.kind) {
    case "symbol":
      return target.symbol.decl?.name.span;
    case "rule":
      return target.rule.name.span;
    case "enum-value":
      return target.decl.values.find((value) => value.text === target.value)?.span;
  }
}

export function symbolOf(target: Target): BatonSymbol | undefined {
  return target.kind === "symbol" ? target.symbol : undefined;
}

export function ruleOf(target: Target): RuleDecl | undefined {
  return target.kind === "rule" ? target.rule : undefined;
}

/** The index of the first token that ends after `offset` (tokens are in order). */
export function tokenIndexAfter(tokens: readonly SourceToken[], offset: number): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (tokens[middle]!.end <= offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

export const identifierPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;
