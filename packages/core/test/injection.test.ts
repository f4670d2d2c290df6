// Strings from a protocol (labels, rule names, sources, reasons) cannot break out of the generated
// code, come back exactly, and the generated module still compiles under `tsc --strict`.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileText } from "../src/index.js";

const here = import.meta.dirname;
const folder = join(here, ".generated-injection");

/** Each hostile text as Baton source (escapes where a raw character cannot stand) and as the value meant. */
const hostile: { source: string; value: string }[] = [
  { source: String.raw`quote \" and backslash \\ and ${"${"}template} and ${"`"}backtick${"`"}`, value: 'quote " and backslash \\ and ${template} and `backtick`' },
  { source: "*/ end of comment /* and </script><script>alert(1)</script>", value: "*/ end of comment /* and </script><script>alert(1)</script>" },
  { source: String.raw`line\nbreak, tab\t, separators \u{2028} \u{2029}`, value: "line\nbreak, tab\t, separators \u2028 \u2029" },
  { source: String.raw`bidi \u{202E}evil\u{202C}, \u{2066}isolate\u{2069}, emoji \u{1F600} and 😀 as is`, value: "bidi \u202Eevil\u202C, \u2066isolate\u2069, emoji \u{1F600} and 😀 as is" },
  { source: "x".repeat(5_000), value: "x".repeat(5_000) },
];

describe("strings from the protocol", () => {
  const rules = hostile
    .map(({ source }, index) => `rule "${source} ${index}"\n  source "${source}"\n  when n is ${index}\n  transfer to T immediately\n  because "${source}"\n`)
    .join("");
  const text = `protocol P "${hostile[0]!.source}"\nteam T "${hostile[3]!.source}"\nfact n: number "${hostile[1]!.source}"\n${rules}`;
  const result = compileText(text, { fileName: "injection */ \u2028.baton" });

  it("compile", () => {
    expect(result.diagnostics.filter((d) => d.code !== "gap")).toEqual([]);
    expect(result.module).toBeDefined();
  });

  it("come back exactly in `protocol` and in decisions", async () => {
    mkdirSync(folder, { recursive: true });
    const path = join(folder, "injection.ts");
    writeFileSync(path, result.module!.typescript);
    const { decide, protocol } = (await import(path)) as {
      decide: (input: unknown, options: { today: string }) => Record<string, unknown>;
      protocol: { title: string; teams: { label: string }[]; facts: { label: string }[]; rules: Record<string, string>[] };
    };
    expect(protocol.title).toBe(hostile[0]!.value);
    expect(protocol.teams[0]!.label).toBe(hostile[3]!.value);
    expect(protocol.facts[0]!.label).toBe(hostile[1]!.value);
    hostile.forEach(({ value }, index) => {
      expect(protocol.rules[index]).toEqual({ name: `${value} ${index}`, source: value, because: value });
      expect(decide({ team: "T", facts: { n: index } }, { today: "2026-01-12" })).toMatchObject({ rule: `${value} ${index}`, source: value, because: value });
    });
  });

  it("leave no raw line separators or bidirectional controls in the code, and no eval", () => {
    const code = result.module!.typescript;
    expect(code).not.toMatch(/[\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(code).not.toMatch(/\beval\(|new Function/);
    expect(code.split("\n").filter((line) => line.startsWith("//")).every((line) => !/[\r\u2028\u2029]/.test(line))).toBe(true);
  });

  it("still compile under tsc --strict", () => {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "injection.ts"), result.module!.typescript);
    const tsc = join(here, "../../../node_modules/typescript/bin/tsc");
    let output = "";
    try {
      execFileSync(process.execPath, [tsc, "--strict", "--noEmit", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext", "--skipLibCheck", join(folder, "injection.ts")], { encoding: "utf8", cwd: folder });
    } catch (failure) {
      output = String((failure as { stdout?: string }).stdout ?? failure);
    }
    expect(output).toBe("");
  }, 60_000);
});
