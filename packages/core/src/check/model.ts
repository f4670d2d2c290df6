// What the checker learns about a protocol: its declarations by name, the type of every fact, let
// and expression, and what every name in the file refers to. The compiler and the editor use it.
import type { Diagnostic } from "../diagnostics.js";
import type * as A from "../syntax/ast.js";
import type { BatonType, FieldType } from "./types.js";

export type SymbolKind = "team" | "panel" | "type" | "fact" | "let" | "event" | "document";

export interface BatonSymbol {
  kind: SymbolKind;
  name: string;
  /** Undefined only for the built-in event `allocation`. */
  decl: A.TeamDecl | A.PanelDecl | A.TypeDecl | A.FactDecl | A.LetDecl | A.EventDecl | A.DocumentDecl | undefined;
  label?: string;
}

export type Resolution =
  | { kind: "symbol"; symbol: BatonSymbol }
  | { kind: "enum-value"; type: Extract<BatonType, { kind: "enum" }>; value: string }
  | { kind: "field"; field: FieldType; name: string };

/** One place a declared thing is named, for go-to-definition, references and rename. */
export interface Reference {
  span: A.Span;
  target: { kind: "symbol"; symbol: BatonSymbol } | { kind: "rule"; rule: A.RuleDecl } | { kind: "enum-value"; decl: A.EnumType; value: string };
  /** True at the declaration itself. */
  declaration: boolean;
}

export const calendarNames = ["england-and-wales", "scotland", "northern-ireland", "none"] as const;
export type CalendarName = (typeof calendarNames)[number];

export interface ProtocolModel {
  file: A.ProtocolFile;
  header: A.Header | undefined;
  calendar: CalendarName | undefined;
  symbols: ReadonlyMap<string, BatonSymbol>;
  /** Rules by name (the first, when a name is used twice), in file order. */
  rules: ReadonlyMap<string, A.RuleDecl>;
  tests: readonly A.TestDecl[];
  /** The type of each fact and let, by name. */
  valueTypes: ReadonlyMap<string, BatonType>;
  /** The rules each rule is a direct exception to. */
  exceptionTo: ReadonlyMap<A.RuleDecl, readonly A.RuleDecl[]>;
  resolutions: ReadonlyMap<A.Name, Resolution>;
  expressionTypes: ReadonlyMap<A.Expr, BatonType>;
  references: readonly Reference[];
  /** Each `let`'s size written out in full (the lets it uses expanded): the compiler expands only small ones. */
  letSizes?: ReadonlyMap<string, number>;
}

export interface CheckResult {
  model: ProtocolModel;
  diagnostics: Diagnostic[];
}
