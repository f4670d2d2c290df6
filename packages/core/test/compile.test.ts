// The compiled module (spec section 9): it decides as the contract says, its TypeScript compiles
// under `tsc --strict`, and building twice gives the same bytes.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileText } from "../src/index.js";

const here = import.meta.dirname;
const generated = join(here, ".generated");
const root = join(here, "../../..");
const specExample = readFileSync(join(here, "../../../docs/examples/spec-section-1.baton"), "utf8");
const examples = readdirSync(join(root, "examples")).filter((name) => name.endsWith(".baton"));

interface CompiledProtocol {
  decide: (input: unknown, options?: { today?: string; trace?: boolean }) => Record<string, unknown> & { trace: unknown[] };
  validate: (input: unknown) => unknown;
  protocol: { name: string; rules: { name: string }[] };
}

function compile(text: string, name: string): string {
  const result = compileText(text, { fileName: `${name}.baton` });
  if (!result.module) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  const path = join(generated, `${name}.ts`);
  writeFileSync(path, result.module.typescript);
  writeFileSync(join(generated, `${name}.d.ts.check.ts`), result.module.declarations);
  return path;
}

async function load(text: string, name: string): Promise<CompiledProtocol> {
  return (await import(compile(text, name))) as CompiledProtocol;
}

beforeAll(() => {
  rmSync(generated, { recursive: true, force: true });
  mkdirSync(generated, { recursive: true });
});

describe("the spec's section 1 protocol, compiled", () => {
  it("decides the spec's test case: a CP case moves to CIN at the initial conference, chronology missing", async () => {
    const { decide } = await load(specExample, "spec");
    const decision = decide(
      {
        team: "RAT",
        facts: { plan: "child_protection", proceedings: false },
        events: { initial_conference: { held: "2026-01-10" } },
        documents: ["core_assessment"],
      },
      { today: "2026-01-12" },
    );
    expect(decision).toMatchObject({
      outcome: "transfer",
      rule: "Child protection cases move to CIN",
      from: "RAT",
      to: "CIN",
      due: "2026-01-10",
      missing: ["chronology"],
      needs: [],
    });
  });

  it("moves an accommodated young person to the 16+ team at 15 years 9 months", async () => {
    const { decide } = await load(specExample, "spec");
    const decision = decide({ team: "CIC", facts: { date_of_birth: "2010-06-30" } }, { today: "2026-01-12" });
    expect(decision).toMatchObject({ outcome: "transfer", to: "Plus16", due: "2026-03-30" });
    const adult = decide({ team: "CIC", facts: { date_of_birth: "2008-01-12" } }, { today: "2026-01-12" });
    expect(adult).toMatchObject({ outcome: "refer", panel: "TransferPanel" });
    expect(adult.trace[2]).toEqual({ rule: "Accommodated young people move to the 16+ team", status: "not-applicable", reason: "age < 18 years" });
  });

  it("validates the case record before deciding, listing every problem", async () => {
    const { decide, validate } = await load(specExample, "spec");
    expect(() => decide({ team: "XYZ", facts: { plan: "unknown_plan", proceedings: "no" } })).toThrow(
      /The case record has 3 problems:\n- \$\.team: `XYZ` is not a team[^\n]*\n- \$\.facts\.plan: `unknown_plan`[^\n]*\n- \$\.facts\.proceedings: should be yes or no/,
    );
    expect(() => validate(JSON.parse('{"team":"RAT","facts":{"__proto__":{"polluted":true}}}'))).toThrow(/`__proto__` is not allowed/);
    expect(validate({ team: "RAT", facts: {} })).toEqual({ team: "RAT", facts: {}, events: {}, documents: [] });
  });

  it("tells about itself: teams, rules and their sources", async () => {
    const { protocol } = await load(specExample, "spec");
    expect(protocol.name).toBe("Hillingdon");
    expect(protocol.rules.map((rule) => rule.name)).toEqual([
      "Child protection cases move to CIN",
      "Child protection cases in proceedings move to CIC",
      "Accommodated young people move to the 16+ team",
    ]);
  });

  it("gives byte-identical output when built twice", () => {
    const first = compileText(specExample).module!;
    const second = compileText(specExample).module!;
    expect(second.typescript).toBe(first.typescript);
    expect(second.declarations).toBe(first.declarations);
  });

  it("does not compile a protocol with errors, returning them instead", () => {
    const result = compileText(specExample.replace("to CIN at", "to CNI at"));
    expect(result.module).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toContain("unknown-name");
  });
});

describe("the example protocols, compiled", () => {
  it.each(examples)("compiles %s", (file) => {
    const path = compile(readFileSync(join(root, "examples", file), "utf8"), file.replace(".baton", ""));
    expect(readFileSync(path, "utf8")).toContain("export function decide(");
  });
});

describe("precision", () => {
  it("expands yes/no lets, so an unknown in a part already settled is not asked for", async () => {
    const text = `protocol P "p"
team RAT "R"
team CLA "C"
fact removed: yes/no
fact removal_date: date
fact high_concern: yes/no
let removed_recently = removed and time since removal_date <= 18 months
let high_risk = removed_recently or high_concern
rule "High risk"
  source "s"
  when high_risk
  transfer to CLA immediately
`;
    const { decide } = await load(text, "precision");
    expect(decide({ team: "RAT", facts: { removed: false } }, { today: "2026-03-02" })).toMatchObject({ outcome: "needs-information", needs: ["high_concern"] });
    expect(decide({ team: "RAT", facts: { removed: true } }, { today: "2026-03-02" })).toMatchObject({ needs: ["high_concern", "removal_date"] });
  });

  it("compiles a let nothing calls without leaving unused code behind", () => {
    const text = `protocol P "p"\nteam RAT "R"\nfact d: date\nlet unused = time since d > 99 weeks\nrule "r"\n  source "s"\n  transfer to RAT immediately\n`;
    const module = compileText(text).module!;
    expect(module.typescript).not.toContain("weeks: 99");
    expect(module.typescript).not.toContain("let_unused");
  });
});

describe("under tsc --strict", () => {
  it("type-checks every generated module and declaration file", () => {
    compile(specExample, "spec");
    for (const file of examples) compile(readFileSync(join(root, "examples", file), "utf8"), file.replace(".baton", ""));
    const files = readdirSync(generated).map((name) => join(generated, name));
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    const args = ["--strict", "--noEmit", "--noUnusedLocals", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext", "--skipLibCheck", ...files];
    let output = "";
    try {
      execFileSync(process.execPath, [tsc, ...args], { encoding: "utf8", cwd: generated });
    } catch (failure) {
      output = String((failure as { stdout?: string }).stdout ?? failure);
    }
    expect(output).toBe("");
  }, 120_000);
});
