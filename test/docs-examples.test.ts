// The documentation's examples, kept true: every diagnostic code in docs/diagnostics.md has an
// example that reports it, with the message printed as Baton prints it, and every complete example
// in docs/language.md checks with no errors.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeText, LineIndex, reservedWords, type Diagnostic } from "../packages/core/src/index.js";

const root = join(import.meta.dirname, "..");
const read = (path: string) => readFileSync(join(root, path), "utf8").replace(/\r\n/g, "\n");

const diagnosticsDoc = read("docs/diagnostics.md");
const languageDoc = read("docs/language.md");

/** Marks a block in docs/language.md as a piece of a file, or a mistake shown on purpose. */
const fragmentMarker = "# (fragment)";
/** Codes no small example can trigger (the analysis's search bound); their sections say why. */
const withoutExample = ["analysis-limit"];

interface Block {
  /** The 1-based line of the opening ``` in the document, to find the block when a test fails. */
  line: number;
  text: string;
}

/** The fenced code blocks with the given language in a Markdown text, in order. */
function codeBlocks(markdown: string, language: string, firstLine = 1): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```" + language) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]!);
    blocks.push({ line: firstLine + start, text: `${body.join("\n")}\n` });
  }
  return blocks;
}

interface Section {
  code: string;
  line: number;
  body: string;
}

/** Each `## \`code\`` section of docs/diagnostics.md, with its text up to the next `## ` heading. */
function codeSections(markdown: string): Section[] {
  const sections: Section[] = [];
  const lines = markdown.split("\n");
  let current: { code: string; line: number; lines: string[] } | undefined;
  const close = () => {
    if (current) sections.push({ code: current.code, line: current.line, body: current.lines.join("\n") });
  };
  lines.forEach((line, index) => {
    if (line.startsWith("## ")) {
      close();
      const heading = /^## `([a-z-]+)`$/.exec(line);
      current = heading ? { code: heading[1]!, line: index + 1, lines: [] } : undefined;
    } else current?.lines.push(line);
  });
  close();
  return sections;
}

/** The codes in the `DiagnosticCode` union, read from the source so a new code cannot go undocumented. */
function implementedCodes(): string[] {
  const source = read("packages/core/src/diagnostics.ts");
  const union = /export type DiagnosticCode =([^;]*);/.exec(source);
  if (union === null) throw new Error("DiagnosticCode not found in packages/core/src/diagnostics.ts");
  return [...union[1]!.matchAll(/"([a-z-]+)"/g)].map((match) => match[1]!);
}

/** The lines `example.baton:L:C: severity [code] message` that `baton check example.baton` prints. */
function headlines(text: string, diagnostics: readonly Diagnostic[]): string[] {
  const lines = new LineIndex(text);
  return diagnostics.map((diagnostic) => {
    const { line, column } = lines.positionAt(diagnostic.span.start);
    return `example.baton:${line}:${column}: ${diagnostic.severity} [${diagnostic.code}] ${diagnostic.message}`;
  });
}

function describeAll(text: string, diagnostics: readonly Diagnostic[]): string {
  return headlines(text, diagnostics).join("\n") || "(no diagnostics)";
}

const sections = codeSections(diagnosticsDoc);

describe("docs/diagnostics.md", () => {
  it("has one section for every diagnostic code", () => {
    const documented = sections.map((section) => section.code);
    expect(new Set(documented).size, "a code has two sections").toBe(documented.length);
    expect([...documented].sort()).toEqual([...implementedCodes()].sort());
  });

  it("says why a code has no example, where it has none", () => {
    for (const code of withoutExample) {
      expect(sections.find((section) => section.code === code)?.body.replace(/\s+/g, " ")).toContain("there is no small example");
    }
  });

  const implemented = sections.filter((section) => !withoutExample.includes(section.code));
  it.each(implemented.map((section) => [section.code, section] as const))("has an example that reports `%s`", (code, section) => {
    const [example] = codeBlocks(section.body, "baton", section.line + 1);
    expect(example, `section \`${code}\` has no baton example`).toBeDefined();
    const text = example!.text;
    expect(text.startsWith("protocol "), `the \`${code}\` example should be a complete file starting with \`protocol\``).toBe(true);
    const { diagnostics } = analyzeText(text);
    expect(diagnostics.map((diagnostic) => diagnostic.code), describeAll(text, diagnostics)).toContain(code);

    // The printed message is the one Baton prints for this example, line for line.
    const severity = diagnostics.find((diagnostic) => diagnostic.code === code)!.severity;
    expect(section.body, `section \`${code}\` should give its severity`).toContain(`**Severity:** ${severity}`);
    const output = codeBlocks(section.body, "text").find((block) => block.text.startsWith("example.baton:"));
    expect(output, `section \`${code}\` has no \`\`\`text block with the output of \`baton check\``).toBeDefined();
    const printed = output!.text.split("\n").filter((line) => /^example\.baton:\d+:\d+: (error|warning) \[/.test(line));
    expect(printed).toEqual(headlines(text, diagnostics));
  });
});

describe("docs/language.md", () => {
  const blocks = codeBlocks(languageDoc, "baton");
  const complete = blocks.filter((block) => !block.text.includes(fragmentMarker));

  it("has complete examples, and marks fragments on their first line", () => {
    expect(complete.length).toBeGreaterThan(10);
    for (const block of blocks.filter((b) => b.text.includes(fragmentMarker))) {
      expect(block.text.split("\n")[0], `the fragment at line ${block.line}`).toBe(fragmentMarker);
    }
  });

  it.each(complete.map((block) => [block.line, block] as const))("checks the example at line %i with no errors", (_line, block) => {
    const { diagnostics } = analyzeText(block.text);
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === "error");
    expect(describeAll(block.text, errors)).toBe("(no diagnostics)");
  });

  it("lists every reserved word, and only those", () => {
    const section = /\n### Reserved words\n([\s\S]*?)\nWords that read naturally/.exec(languageDoc);
    expect(section, "the reserved words list").not.toBeNull();
    const listed = [...section![1]!.matchAll(/`([a-z]+)`/g)].map((match) => match[1]!);
    expect([...new Set(listed)].sort()).toEqual([...reservedWords].sort());
    expect(listed.length, "a reserved word is listed twice").toBe(new Set(listed).size);
  });

  it("includes the spec's section 1 protocol as a complete example", () => {
    const fixture = read("docs/examples/spec-section-1.baton");
    expect(complete.map((block) => block.text)).toContain(fixture);
  });
});
