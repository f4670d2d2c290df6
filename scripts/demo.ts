// The main job (`pnpm demo`): builds the five example protocols with `baton build --bundle`, then,
// as a case-management system would, imports each bundle and decides every sample case in
// examples/cases, printing a table per protocol: case, decision, receiving team, due date, reason.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const root = join(import.meta.dirname, "..");
const examples = join(root, "examples");
const out = join(root, "out");
const baton = join(root, "packages/cli/dist/baton.mjs");

interface Decision {
  outcome: string;
  rule?: string;
  source?: string;
  to?: string;
  panel?: string;
  due?: string | null;
  waitingFor?: string;
  requestBy?: string | null;
  missing: string[];
  needs: string[];
  conflicting: string[];
}

interface CompiledProtocol {
  decide(input: unknown, options: { today: string }): Decision;
  protocol: { name: string; title?: string; teams: { id: string; label?: string }[] };
}

console.log("Baton: case transfer protocols for children's social care, as code.\n");
console.log("1. Building the five example protocols into self-contained JavaScript modules:\n");
rmSync(out, { recursive: true, force: true });
const build = spawnSync(process.execPath, [baton, "build", examples, "--out-dir", out, "--bundle"], { encoding: "utf8", env: { ...process.env, INIT_CWD: root } });
process.stdout.write(build.stdout.replace(/^/gm, "   "));
if (build.status !== 0) {
  process.stderr.write(build.stderr);
  process.exit(build.status ?? 1);
}

/** The sample cases of one protocol, with the date to decide each on, from the table in its README. */
function sampleCases(authority: string): { file: string; today: string; description: string }[] {
  const folder = join(examples, "cases", authority);
  const readme = readFileSync(join(folder, "README.md"), "utf8");
  const rows = [...readme.matchAll(/^\| `([^`]+\.json)` \| (\d{4}-\d{2}-\d{2}) \| ([^|]+) \|/gm)];
  return rows.map((row) => ({ file: row[1]!, today: row[2]!, description: row[3]!.trim() }));
}

function cell(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 3)}...` : text.padEnd(width);
}

function describe(decision: Decision): { decision: string; to: string; due: string; reason: string; source?: string } {
  const due = decision.due ?? (decision.waitingFor ? `when ${decision.waitingFor} is set` : decision.due === null ? "not known yet" : "");
  const reason = decision.rule ? `rule "${decision.rule}"` : "";
  const source = decision.source ? { source: decision.source } : {};
  switch (decision.outcome) {
    case "transfer":
      return {
        ...source,
        decision: decision.missing.length > 0 ? `transfer (${decision.missing.length} doc${decision.missing.length === 1 ? "" : "s"} missing)` : "transfer",
        to: decision.to ?? "",
        due: due + (decision.requestBy ? ` (ask by ${decision.requestBy})` : ""),
        reason,
      };
    case "remain":
      return { ...source, decision: "remain", to: decision.to ?? "(stays)", due: "", reason: reason || "the protocol's default (otherwise remain)" };
    case "refer":
      return { ...source, decision: "refer to panel", to: decision.panel ?? "", due: "", reason: reason || "no rule applies: the protocol's default (otherwise refer)" };
    case "needs-information":
      return { decision: "needs information", to: "", due: "", reason: `not known yet: ${decision.needs.join(", ") || decision.waitingFor}` };
    case "conflict":
      return { decision: "CONFLICT", to: "", due: "", reason: decision.conflicting.join(" vs ") };
    default:
      return { decision: "no rule applies", to: "", due: "", reason: "the protocol does not say" };
  }
}

console.log("\n2. Deciding the sample case records in examples/cases with the built modules:\n");
let decided = 0;
for (const file of readdirSync(out).filter((name) => name.endsWith(".js")).sort()) {
  const authority = file.replace(/\.js$/, "");
  const module = (await import(pathToFileURL(join(out, file)).href)) as CompiledProtocol;
  console.log(`${module.protocol.name}: ${module.protocol.title ?? ""}`);
  const header = ["case (decided on)", "decision", "to", "due", "reason"];
  const rows: string[][] = [];
  for (const sample of sampleCases(authority)) {
    const record = JSON.parse(readFileSync(join(examples, "cases", authority, sample.file), "utf8"));
    const words = describe(module.decide(record, { today: sample.today }));
    decided++;
    rows.push([sample.file.replace(/\.json$/, ""), words.decision, words.to, words.due, words.reason]);
    rows.push([`(${sample.today})`, "", "", "", words.source ? `source: ${words.source}` : ""]);
  }
  // Every column as wide as its widest cell (the case name at most 44), the reason last and in full.
  const widths = header.map((title, i) => (i === header.length - 1 ? 0 : Math.min(44, Math.max(title.length, ...rows.map((row) => row[i]!.length)))));
  const line = (cells: string[]) => `  ${cells.map((text, i) => (widths[i] ? cell(text, widths[i]!) : text)).join("  ")}`.trimEnd();
  console.log(line(header));
  console.log(line(widths.map((width) => "-".repeat(width || 6))));
  for (const row of rows) console.log(line(row));
  console.log();
}

console.log(`Decided ${decided} sample cases with ${readdirSync(out).length} protocols built into out/.`);
console.log("Next: `pnpm baton eval examples/hillingdon.baton --case examples/cases/hillingdon/cp-case-after-initial-conference.json --today 2026-01-12 --explain`");
console.log("shows one decision in words, and `pnpm baton test examples` runs the protocols' own tests.");
