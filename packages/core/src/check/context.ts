// The checker's working state, shared by its passes: diagnostics so far, declarations, and the
// resolution of names, with the "did you mean" wording for names that are not declared.
import { error, type Diagnostic } from "../diagnostics.js";
import type * as A from "../syntax/ast.js";
import type { BatonSymbol, Reference, Resolution, SymbolKind } from "./model.js";
import { differences, ruleLookingLike } from "./hazards.js";
import { closestName, suggestionBudget } from "./suggest.js";
import { hasValue, type BatonType, type FieldType } from "./types.js";

type EnumBatonType = Extract<BatonType, { kind: "enum" }>;

/** What every use of one value of one enumeration type resolves to and refers to. */
interface EnumValueUse {
  readonly resolution: Resolution;
  readonly target: Reference["target"];
}

const article: Record<SymbolKind, string> = {
  team: "a team",
  panel: "a panel",
  type: "a type",
  fact: "a fact",
  let: "a value worked out by `let`",
  event: "an event",
  document: "a document",
};

export function describeSymbolKind(kind: SymbolKind): string {
  return article[kind];
}

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly symbols = new Map<string, BatonSymbol>();
  readonly rules = new Map<string, A.RuleDecl>();
  readonly valueTypes = new Map<string, BatonType>();
  readonly resolutions = new Map<A.Name, Resolution>();
  readonly expressionTypes = new Map<A.Expr, BatonType>();
  readonly references: Reference[] = [];
  readonly exceptionTo = new Map<A.RuleDecl, readonly A.RuleDecl[]>();
  /** Names used outside their own declaration (and outside tests): what `unused` looks at. */
  readonly used = new Set<BatonSymbol>();
  /** Names offered by "did you mean": clearly meant to be used, so not reported as unused too. */
  readonly suggested = new Set<string>();
  /** Set while checking a test block, where uses do not count towards `unused`. */
  inTest = false;
  /** What "did you mean" may still spend: a file of thousands of misspellings must not take minutes. */
  readonly suggestions = suggestionBudget();

  constructor(readonly text: string) {}

  report(diagnostic: Diagnostic): void {
    this.diagnostics.push(diagnostic);
  }

  /**
   * Per symbol: one `{ kind: "symbol", symbol }` shared by all its uses (read-only), as a big
   * protocol names symbols hundreds of thousands of times; and whether it is in `used` yet.
   */
  private readonly symbolUses = new Map<BatonSymbol, { readonly target: { readonly kind: "symbol"; readonly symbol: BatonSymbol }; counted: boolean }>();

  noteUse(name: A.Name, symbol: BatonSymbol): void {
    let use = this.symbolUses.get(symbol);
    if (use === undefined) this.symbolUses.set(symbol, (use = { target: { kind: "symbol", symbol }, counted: false }));
    const target = use.target;
    this.resolutions.set(name, target);
    this.references.push({ span: name.span, target, declaration: false });
    if (!use.counted && !this.inTest) {
      use.counted = true;
      this.used.add(symbol);
    }
  }

  /** Per enumeration type, per value: one resolution and one reference target, shared by all its uses (read-only). */
  private readonly enumValueUses = new Map<EnumBatonType, Map<string, EnumValueUse>>();

  /**
   * Notes `name` as the value `name.text` of the enumeration `type`, when it is one of its values;
   * returns false, noting nothing, when it is not.
   */
  noteEnumValue(name: A.Name, type: EnumBatonType): boolean {
    let uses = this.enumValueUses.get(type);
    if (uses === undefined) this.enumValueUses.set(type, (uses = new Map()));
    let use = uses.get(name.text);
    if (use === undefined) {
      if (!hasValue(type.values, name.text)) return false;
      use = {
        resolution: { kind: "enum-value", type, value: name.text },
        target: { kind: "enum-value", decl: type.decl, value: name.text },
      };
      uses.set(name.text, use);
    }
    this.resolutions.set(name, use.resolution);
    this.references.push({ span: name.span, target: use.target, declaration: false });
    return true;
  }

  /** One resolution per record field, shared by all the names of it (read-only). */
  private readonly fieldResolutions = new Map<FieldType, Resolution>();

  /** Notes `name` as the record field `field`; `name.text` is always the field's own name, as it was found by it. */
  noteField(name: A.Name, field: FieldType): void {
    let resolution = this.fieldResolutions.get(field);
    if (resolution === undefined) this.fieldResolutions.set(field, (resolution = { kind: "field", field, name: name.text }));
    this.resolutions.set(name, resolution);
  }

  /**
   * Resolves `name` to a declaration of one of `kinds`. Reports `unknown-name` (with the closest
   * declared name of those kinds, and a fix) or `wrong-kind`, and returns undefined, when it is not one.
   */
  resolve(name: A.Name, kinds: readonly SymbolKind[], role: string): BatonSymbol | undefined {
    const symbol = this.symbols.get(name.text);
    if (symbol === undefined) {
      this.reportUnknown(name, kinds);
      return undefined;
    }
    this.noteUse(name, symbol);
    if (!kinds.includes(symbol.kind)) {
      this.report(
        error(
          "wrong-kind",
          name.span,
          `\`${name.text}\` is ${describeSymbolKind(symbol.kind)}, but ${role} needs ${kinds.map(describeSymbolKind).join(" or ")}.`,
          symbol.decl ? { related: [{ span: symbol.decl.name.span, message: `\`${name.text}\` is declared here` }] } : {},
        ),
      );
      return undefined;
    }
    return symbol;
  }

  /**
   * A rule named in `exception to` or `expect rule` that does not exist: a rule whose name looks
   * the same but is written with other letters is named as such; otherwise the closest name.
   */
  reportUnknownRule(name: A.StringLiteral): void {
    const lookalike = ruleLookingLike(this, name.value);
    if (lookalike !== undefined) {
      const written = this.text.slice(lookalike.name.span.start, lookalike.name.span.end);
      this.report(
        error(
          "unknown-name",
          name.span,
          `There is no rule called "${name.value}". The rule "${lookalike.name.value}" looks the same, but is written with different letters: ${differences(name.value, lookalike.name.value)}.`,
          { fix: { title: "Change to the rule's name as it is declared", edits: [{ span: name.span, newText: written }] }, related: [{ span: lookalike.name.span, message: "the rule it looks like" }] },
        ),
      );
      return;
    }
    const suggestion = closestName(name.value, this.rules.keys(), this.suggestions);
    const suggested = suggestion === undefined ? undefined : this.rules.get(suggestion)!;
    this.report(
      error(
        "unknown-name",
        name.span,
        `There is no rule called "${name.value}".${suggestion ? ` Did you mean "${suggestion}"?` : ""}`,
        suggested ? { fix: replaceWith(name.span, this.text.slice(suggested.name.span.start, suggested.name.span.end)) } : {},
      ),
    );
  }

  reportUnknown(name: A.Name, kinds: readonly SymbolKind[], extraCandidates: Iterable<string> = []): void {
    const candidates = [...extraCandidates];
    for (const symbol of this.symbols.values()) if (kinds.includes(symbol.kind)) candidates.push(symbol.name);
    const suggestion = closestName(name.text, candidates, this.suggestions);
    if (suggestion !== undefined) this.suggested.add(suggestion);
    const what = kinds.length === 2 && kinds[0] === "fact" && kinds[1] === "let" ? "fact or value" : kinds[0] === "let" ? "value" : (kinds[0] ?? "name");
    let message = `There is no ${what} called \`${name.text}\`.`;
    if (suggestion !== undefined) message += ` Did you mean \`${suggestion}\`?`;
    else if (kinds.length === 1 && kinds[0] !== "let" && kinds[0] !== "type") {
      message += ` Declare it with \`${kinds[0]} ${name.text}${kinds[0] === "fact" ? ": TYPE" : ""} "..."\`.`;
    }
    this.report(
      error("unknown-name", name.span, message, suggestion !== undefined ? { fix: replaceWith(name.span, suggestion) } : {}),
    );
  }
}

export function replaceWith(span: A.Span, text: string) {
  return { title: `Change to \`${text}\``, edits: [{ span, newText: text }] };
}
