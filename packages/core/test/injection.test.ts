// Generated code that nothing from a protocol can break out of (issue 9, point 3). Strings (titles,
// labels, rule names, sources, reasons, test names) and names (every identifier Baton allows, such
// as `class`, `toString` or `__proto__`) holding whatever breaks code generators: the module still
// compiles under `tsc --strict`, every string comes back exactly in `protocol` and in decisions,
// and neither the generated code nor the runtime ever builds code from strings.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { compileText, type CompileResult } from "../src/index.js";

const here = import.meta.dirname;
const root = join(here, "../../..");
const folder = join(here, ".generated-injection");

/** Each hostile text as written in a protocol (escapes where a raw character cannot stand) and as the value meant. */
const corpus: { what: string; source: string; value: string }[] = [
  { what: "quotes", source: String.raw`a \"quoted\" 'single' “curly” word`, value: `a "quoted" 'single' “curly” word` },
  { what: "backslashes", source: String.raw`C:\\cases\\new \\\" \\u{41}`, value: String.raw`C:\cases\new \" \u{41}` },
  { what: "template literals", source: "${process.exit(1)} `backticks` ${'${'}", value: "${process.exit(1)} `backticks` ${'${'}" },
  { what: "comment ends", source: "*/ end /* start // line <!-- html --> #!", value: "*/ end /* start // line <!-- html --> #!" },
  { what: "script tags", source: "</script><script>alert(1)</script>", value: "</script><script>alert(1)</script>" },
  { what: "code", source: String.raw`\"); eval(\"1\"); new Function(\"return 1\")(); (\" + require(\"fs\") + \"`, value: '"); eval("1"); new Function("return 1")(); (" + require("fs") + "' },
  { what: "line separators, raw", source: "one\u2028two\u2029three", value: "one\u2028two\u2029three" },
  { what: "line separators, escaped", source: String.raw`one\u{2028}two\u{2029}three`, value: "one\u2028two\u2029three" },
  { what: "line breaks and controls", source: String.raw`line\nbreak\ttab\u{d}return\u{0}nul\u{1b}[31mred\u{7f}\u{85}\u{8}`, value: "line\nbreak\ttab\rreturn\u0000nul\u001b[31mred\u007f\u0085\u0008" },
  { what: "bidirectional controls, raw", source: "bidi \u202eevil\u202c \u2066isolate\u2069 \u200fmark\u200e \u061c", value: "bidi \u202eevil\u202c \u2066isolate\u2069 \u200fmark\u200e \u061c" },
  { what: "bidirectional controls, escaped", source: String.raw`bidi \u{202E}evil\u{202C} \u{2067}isolate\u{2069}`, value: "bidi \u202eevil\u202c \u2067isolate\u2069" },
  { what: "invisible characters", source: "zero\u200bwidth\u2060joiner\ufeffmark\u00adsoft\u{e0041}", value: "zero\u200bwidth\u2060joiner\ufeffmark\u00adsoft\u{e0041}" },
  { what: "emoji", source: String.raw`raw 😀 👨‍👩‍👧 🏴󠁧󠁢󠁳󠁣󠁴󠁿 escaped \u{1F600} last \u{10FFFF}`, value: "raw 😀 👨‍👩‍👧 🏴󠁧󠁢󠁳󠁣󠁴󠁿 escaped 😀 last \u{10ffff}" },
  { what: "other alphabets", source: "Дети и семья, الأطفال, 子供, é é", value: "Дети и семья, الأطفال, 子供, é é" },
  { what: "names of built-ins", source: "__proto__", value: "__proto__" },
  { what: "a very long string", source: "x\\\"".repeat(100_000), value: 'x"'.repeat(100_000) },
];

/** Every identifier Baton allows that means something to JavaScript or TypeScript, in every place a name can go. */
const names = {
  teams: ["class", "__proto__", "constructor", "undefined", "NaN", "Infinity", "globalThis", "default", `T${"t".repeat(10_000)}`],
  facts: ["toString", "valueOf", "hasOwnProperty", "await", "yield", "eval", "arguments", "null_", "Object"],
  types: ["function", "Case", "CaseType", "Readonly", "ProtocolInfo", "Child", "ChildValues", "Facts", "Team", "typeof"],
  values: ["constructor", "__proto__", "toString", "true", "null", "default"],
  fields: ["toString", "hasOwnProperty", "class"],
  events: ["isPrototypeOf", "propertyIsEnumerable", "import"],
  documents: ["prototype", "__defineGetter__", "export"],
  lets: ["delete", "new", "let_delete"],
};

/** The protocol holding the corpus: each string as a title, labels, rule names, sources, reasons and tests. */
function stringsProtocol(): string {
  const at = (index: number) => corpus[index % corpus.length]!.source;
  const lines = [`protocol P "${at(0)}"`, `  version "${at(2)}"`, `  otherwise remain`, `team T "${at(3)}"`, `team U "${at(9)}"`, `panel Panel "${at(4)}"`];
  lines.push(`type Entry: record`, `  size: number "${at(3)}"`);
  lines.push(`fact n: number "${at(5)}"`, `fact flag: yes/no "${at(6)}"`, `fact entries: list of Entry "${at(7)}"`);
  lines.push(`event meeting "${at(10)}"`, `document report "${at(11)}"`);
  corpus.forEach(({ source }, index) => {
    lines.push(`rule "${source} #${index}"`, `  source "${source}"`, `  when n is ${index}`, `  transfer to T immediately`, `  because "${source}"`);
    lines.push(`rule "${source} #${index} overrides"`, `  source "${source}"`, `  exception to "${source} #${index}"`, `  when n is ${index} and flag`, `  transfer to U immediately`, `  because "${source}"`);
    lines.push(`test "${source} #${index}"`, `  today 2026-01-12`, `  team T`, `  given n = ${index}, flag = no`, `  expect transfer to T on 2026-01-12`, `  expect rule "${source} #${index}"`);
  });
  lines.push(
    `rule "Everything else"`,
    `  source "s"`,
    `  when n < 0 and (any entries where size > 1) and meeting held and report complete`,
    `  refer to Panel`,
  );
  return `${lines.join("\n")}\n`;
}

/** The protocol whose names are all the identifiers above. */
function namesProtocol(): string {
  const lines = [`protocol P "Names"`, `  otherwise remain`];
  for (const team of names.teams) lines.push(`team ${team} "Team ${team.slice(0, 20)}"`);
  const [first, ...otherTypes] = names.types;
  lines.push(`type ${first}: record`, ...names.fields.map((field, index) => `  ${field}: ${index === 0 ? "yes/no" : "number"} "Field ${field}"`));
  for (const type of otherTypes) lines.push(`type ${type}: one of ${names.values.map((value) => `${value}`).join(", ")}`);
  names.facts.forEach((fact, index) => lines.push(`fact ${fact}: ${index === 0 ? "yes/no" : index === 1 ? "number" : otherTypes[index % otherTypes.length]!} "Fact ${fact}"`));
  lines.push(`fact everything: list of ${first}`);
  for (const event of names.events) lines.push(`event ${event} "Event ${event}"`);
  for (const document of names.documents) lines.push(`document ${document} "Document ${document}"`);
  lines.push(`let ${names.lets[0]} = toString or valueOf > 2`, `let ${names.lets[1]} = ${names.lets[0]} or (any everything where toString and hasOwnProperty > 1 and class < 3)`, `let ${names.lets[2]} = valueOf + 1`);
  names.teams.forEach((team, index) => {
    const fact = names.facts[2 + (index % (names.facts.length - 2))]!;
    const value = names.values[index % names.values.length]!;
    lines.push(
      `rule "To ${team.slice(0, 20)}"`,
      `  source "s"`,
      `  when valueOf is ${index} and ${fact} is ${value} and ${names.lets[1]} and ${names.lets[2]} > 0 and ${names.events[index % names.events.length]!} held`,
      `  transfer to ${team} within 2 days of ${names.events[(index + 1) % names.events.length]!}`,
      `  requires ${names.documents.join(", ")}`,
    );
  });
  return `${lines.join("\n")}\n`;
}

interface Compiled {
  decide: (input: unknown, options: { today: string }) => Record<string, unknown> & { trace: Record<string, unknown>[] };
  protocol: {
    title: string;
    version: string;
    teams: { id: string; label: string }[];
    panels: { label: string }[];
    events: { label: string }[];
    documents: { label: string }[];
    facts: { label: string }[];
    rules: Record<string, string>[];
  };
}

let strings: { text: string; result: CompileResult };
let named: { text: string; result: CompileResult };

function write(name: string, result: CompileResult): string {
  const path = join(folder, `${name}.ts`);
  writeFileSync(path, result.module!.typescript);
  writeFileSync(join(folder, `${name}.declarations.ts`), result.module!.declarations);
  return path;
}

beforeAll(() => {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const text = stringsProtocol();
  strings = { text, result: compileText(text, { fileName: "injection */ \u2028 \u202e.baton" }) };
  const namesText = namesProtocol();
  named = { text: namesText, result: compileText(namesText, { fileName: "names.baton" }) };
});

describe("strings from the protocol", () => {
  it("compile, with no errors", () => {
    expect(strings.result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(strings.result.module).toBeDefined();
  });

  it("come back exactly in `protocol`", async () => {
    const { protocol } = (await import(write("strings", strings.result))) as Compiled;
    expect(protocol.title).toBe(corpus[0]!.value);
    expect(protocol.version).toBe(corpus[2]!.value);
    expect(protocol.teams.map((team) => team.label)).toEqual([corpus[3]!.value, corpus[9]!.value]);
    expect(protocol.panels[0]!.label).toBe(corpus[4]!.value);
    expect(protocol.facts.map((fact) => fact.label)).toEqual([corpus[5]!.value, corpus[6]!.value, corpus[7]!.value]);
    expect(protocol.events.at(-1)!.label).toBe(corpus[10]!.value);
    expect(protocol.documents[0]!.label).toBe(corpus[11]!.value);
    corpus.forEach(({ value }, index) => {
      expect(protocol.rules[2 * index]).toEqual({ name: `${value} #${index}`, source: value, because: value });
      expect(protocol.rules[2 * index + 1]).toEqual({ name: `${value} #${index} overrides`, source: value, because: value });
    });
  });

  it.each(corpus.map((entry, index) => [entry.what, index] as const))("come back exactly in decisions: %s", async (_what, index) => {
    const { decide } = (await import(write("strings", strings.result))) as Compiled;
    const { value } = corpus[index]!;
    const applied = decide({ team: "T", facts: { n: index, flag: false } }, { today: "2026-01-12" });
    expect(applied).toMatchObject({ outcome: "transfer", to: "T", rule: `${value} #${index}`, source: value, because: value });
    expect(applied.trace.find((entry) => entry.rule === `${value} #${index} overrides`)).toEqual({ rule: `${value} #${index} overrides`, status: "not-applicable", reason: "flag is yes" });
    const overridden = decide({ team: "T", facts: { n: index, flag: true } }, { today: "2026-01-12" });
    expect(overridden).toMatchObject({ outcome: "transfer", to: "U", rule: `${value} #${index} overrides`, source: value, because: value });
    expect(overridden.trace.find((entry) => entry.rule === `${value} #${index}`)).toEqual({
      rule: `${value} #${index}`,
      status: "overridden",
      by: `${value} #${index} overrides`,
      reason: `"${value} #${index} overrides" is an exception to it and applies`,
    });
  });

  it("cannot hold half a character (a lone surrogate), which is refused where it is written", () => {
    const result = compileText('protocol P "half \\u{D83D} of an emoji"\n');
    expect(result.module).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(["invalid-string"]);
  });

  it("leave no raw line separators, bidirectional controls or line breaks in strings or comments of the code", () => {
    const code = strings.result.module!.typescript;
    expect(code).not.toMatch(/[\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\r\u0085]/);
    for (const line of code.split("\n").filter((line) => line.trimStart().startsWith("//"))) expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});

describe("names that mean something to JavaScript", () => {
  it("compile, with no errors", () => {
    expect(named.result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("are decided on as names, and a fact named like a built-in is unknown until given", async () => {
    const { decide, protocol } = (await import(write("names", named.result))) as Compiled;
    expect(protocol.teams.map((team) => team.id)).toEqual(names.teams);
    const events = Object.fromEntries(names.events.map((event) => [event, { held: "2026-01-05" }]));
    const given = { toString: true, valueOf: 0, hasOwnProperty: "constructor", everything: [] };
    const decision = decide({ team: "class", facts: given, events, documents: ["__defineGetter__"] }, { today: "2026-01-12" });
    expect(decision).toMatchObject({ outcome: "transfer", to: "class", rule: "To class", due: "2026-01-07", missing: ["prototype", "export"] });
    expect(decide({ team: "class", facts: { hasOwnProperty: "constructor" }, events }, { today: "2026-01-12" })).toMatchObject({
      outcome: "needs-information",
      needs: expect.arrayContaining(["toString", "valueOf"]),
    });
    const proto = decide({ team: "class", facts: { ...given, valueOf: 1, await: "__proto__" }, events, documents: names.documents }, { today: "2026-01-12" });
    expect(proto).toMatchObject({ outcome: "transfer", to: "__proto__", missing: [] });
    const long = names.teams.at(-1)!;
    expect(decide({ team: long, facts: { ...given, valueOf: 8, await: "toString" }, events }, { today: "2026-01-12" })).toMatchObject({ from: long, to: long });
  });
});

/** `tsc --strict` (and `--noUnusedLocals` with `unused`) on `files`, through the compiler API: the messages, or none. */
function typeErrors(files: string[], unused: boolean): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noUnusedLocals: unused,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
  });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file === undefined || files.includes(diagnostic.file.fileName))
    .map((diagnostic) => `${diagnostic.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`);
}

describe("the generated module and its declarations", () => {
  it("compile under tsc --strict --noUnusedLocals, for hostile strings and hostile names", () => {
    expect(typeErrors([write("strings", strings.result), write("names", named.result)], true)).toEqual([]);
    // The declarations are a .d.ts, where a type nothing uses is not a mistake.
    expect(typeErrors([join(folder, "strings.declarations.ts"), join(folder, "names.declarations.ts")], false)).toEqual([]);
  }, 120_000);
});

/**
 * Every place a program builds code from a string at run time: `eval`, the `Function` constructor
 * (called, constructed or reached through `.constructor`), timers given a string, `import()`.
 * Found in the syntax tree, so text inside strings and comments does not count.
 */
function codeFromStrings(code: string, fileName: string): string[] {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, fileName.endsWith(".ts") ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const found: string[] = [];
  const calleeName = (callee: ts.Expression): string | undefined => {
    let inner = callee;
    // `(0, eval)(...)` is an indirect call of eval.
    while (ts.isParenthesizedExpression(inner) || (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.CommaToken)) {
      inner = ts.isParenthesizedExpression(inner) ? inner.expression : inner.right;
    }
    if (ts.isIdentifier(inner)) return inner.text;
    if (ts.isPropertyAccessExpression(inner)) return inner.name.text;
    if (ts.isElementAccessExpression(inner) && ts.isStringLiteralLike(inner.argumentExpression)) return inner.argumentExpression.text;
    return undefined;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const name = node.expression.kind === ts.SyntaxKind.ImportKeyword ? "import" : calleeName(node.expression);
      const firstArgument = node.arguments?.[0];
      const where = `${fileName}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      if (name === "eval" || name === "Function" || name === "AsyncFunction" || name === "GeneratorFunction" || name === "constructor" || name === "import") found.push(`${where}: ${node.getText().slice(0, 60)}`);
      else if ((name === "setTimeout" || name === "setInterval" || name === "setImmediate") && firstArgument !== undefined && !ts.isArrowFunction(firstArgument) && !ts.isFunctionExpression(firstArgument) && !ts.isIdentifier(firstArgument)) {
        found.push(`${where}: ${node.getText().slice(0, 60)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("no code built from strings", () => {
  it("is found by the scan wherever it is, and not in strings or comments", () => {
    const sample = `
      eval("1"); globalThis.eval("2"); (0, eval)("3"); window["eval"]("4");
      new Function("return 1"); Function("return 2"); x.constructor.constructor("return 3")();
      setTimeout("alert(1)", 1); setInterval(\`tick\`, 1); setTimeout(() => 1, 1); setTimeout(handler, 1);
      import("data:text/javascript,1");
      const s = "eval('x') new Function('y')"; // eval("z") new Function()
    `;
    expect(codeFromStrings(sample, "sample.js").map((finding) => finding.split(": ")[1]!)).toEqual([
      'eval("1")', 'globalThis.eval("2")', '(0, eval)("3")', 'window["eval"]("4")', 'new Function("return 1")', 'Function("return 2")',
      'x.constructor.constructor("return 3")', 'setTimeout("alert(1)", 1)', "setInterval(`tick`, 1)",
      'import("data:text/javascript,1")',
    ]);
  });

  it("in the generated code of every example and of both hostile protocols", () => {
    const modules = readdirSync(join(root, "examples"))
      .filter((name) => name.endsWith(".baton"))
      .map((name) => ({ name, code: compileText(readFileSync(join(root, "examples", name), "utf8")).module!.typescript }));
    modules.push({ name: "strings.ts", code: strings.result.module!.typescript }, { name: "names.ts", code: named.result.module!.typescript });
    expect(modules.length).toBeGreaterThan(5);
    for (const { name, code } of modules) expect(codeFromStrings(code, `${name}.ts`)).toEqual([]);
  });

  it("in the runtime's source and in the runtime bundle the CLI runs compiled protocols against", () => {
    const sources = join(root, "packages/runtime/src");
    for (const name of readdirSync(sources).filter((file) => file.endsWith(".ts"))) {
      expect(codeFromStrings(readFileSync(join(sources, name), "utf8"), name)).toEqual([]);
    }
    const bundle = join(root, "packages/cli/dist/runtime.mjs");
    expect(existsSync(bundle), "build the CLI first: node scripts/build.mjs").toBe(true);
    expect(codeFromStrings(readFileSync(bundle, "utf8"), "runtime.mjs")).toEqual([]);
  });
});
