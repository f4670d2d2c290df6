// Protocols no person would write but a program, a paste or an attacker might: huge, long, deep.
// Used by bench/pathological.ts at full size and by packages/core/test/pathological.test.ts at a
// size the test suite can afford.
import { generateProtocol } from "./generate.js";

export interface PathologicalProtocol {
  name: string;
  text: string;
}

const header = `protocol P "Pathological"\n  calendar england-and-wales\n  otherwise remain\nteam RAT "R"\nteam CIN "C"\n`;

/** `full`: the sizes of issue 9 (100,000 rules, 5 MB lines); `test`: a tenth or so, for the unit tests. */
export function pathologicalProtocols(size: "full" | "test"): PathologicalProtocol[] {
  const full = size === "full";
  const rules = full ? 100_000 : 5_000;
  const megabytes = full ? 5_000_000 : 1_000_000;
  const chain = full ? 100_000 : 10_000;
  const protocols: PathologicalProtocol[] = [];

  protocols.push({ name: `${rules.toLocaleString("en-GB")} rules`, text: generateProtocol(rules).text });

  const terms = Math.floor(megabytes / 6);
  protocols.push({
    name: `one line of ${(megabytes / 1e6).toFixed(0)} MB: a condition of ${terms.toLocaleString("en-GB")} terms`,
    text: `${header}fact x: yes/no\nfact y: yes/no\nlet z = ${Array.from({ length: terms }, (_, i) => (i % 2 === 0 ? "x" : "not y")).join(" and ")}\nrule "r"\n  source "s"\n  when z\n  transfer from RAT to CIN immediately\n`,
  });

  const long = "x".repeat(megabytes);
  protocols.push({
    name: `a string of ${(megabytes / 1e6).toFixed(0)} MB as a title, a rule name, a source and a reason`,
    text: `protocol P "${long}"\n  otherwise remain\nteam RAT "R"\nteam CIN "C"\nfact x: yes/no\nrule "${long}"\n  source "${long}"\n  when x\n  transfer from RAT to CIN immediately\n  because "${long}"\n`,
  });

  protocols.push({
    name: `a name of ${(megabytes / 1e6).toFixed(0)} MB, declared and used`,
    text: `${header}fact ${long}: yes/no\nrule "r"\n  source "s"\n  when ${long}\n  transfer from RAT to CIN immediately\n`,
  });

  protocols.push({
    name: `${chain.toLocaleString("en-GB")} nested brackets, and ${chain.toLocaleString("en-GB")} nots in a row`,
    text: `${header}fact x: yes/no\nlet a = ${"(".repeat(chain)}x${")".repeat(chain)}\nlet b = ${"not ".repeat(chain)}x\nlet c = ${"(".repeat(chain)}x\nlet d = x${")".repeat(chain)}\nrule "r"\n  source "s"\n  when x\n  transfer from RAT to CIN immediately\n`,
  });

  protocols.push({
    name: `a chain of ${chain.toLocaleString("en-GB")} lets`,
    text: `${header}fact x: yes/no\nlet l0 = x\n${Array.from({ length: chain }, (_, i) => `let l${i + 1} = l${i} and x`).join("\n")}\nrule "r"\n  source "s"\n  when l${chain}\n  transfer from RAT to CIN immediately\n`,
  });

  const exceptions = full ? 100_000 : 5_000;
  protocols.push({
    name: `a chain of ${exceptions.toLocaleString("en-GB")} exceptions`,
    text: `${header}fact n: number\n${Array.from(
      { length: exceptions },
      (_, i) => `rule "r${i}"\n  source "s"\n${i > 0 ? `  exception to "r${i - 1}"\n` : ""}  when n > ${i}\n  ${i % 2 === 0 ? "transfer from RAT to CIN immediately" : "remain"}\n`,
    ).join("")}`,
  });

  protocols.push({
    name: `${chain.toLocaleString("en-GB")} values in one enumeration, all listed in one condition`,
    text: `${header}type Big: one of ${Array.from({ length: chain }, (_, i) => `v${i}`).join(", ")}\nfact big: Big\nrule "r"\n  source "s"\n  when big is one of ${Array.from({ length: chain }, (_, i) => `v${i}`).join(", ")}\n  transfer from RAT to CIN immediately\n`,
  });

  protocols.push({
    name: `a test giving a list of ${chain.toLocaleString("en-GB")} entries`,
    text: `${header}type Child: record\n  age: number\nfact children: list of Child\nrule "r"\n  source "s"\n  when (count children where age < 5) > 2\n  transfer from RAT to CIN immediately\ntest "t"\n  today 2026-01-12\n  team RAT\n  given children = [${Array.from({ length: chain }, (_, i) => `{age = ${i % 18}}`).join(", ")}]\n  expect transfer to CIN on 2026-01-12\n`,
  });

  const misspelt = full ? 20_000 : 2_000;
  protocols.push({
    name: `${misspelt.toLocaleString("en-GB")} rules each naming a rule that does not exist`,
    text: `${header}fact x: yes/no\n${Array.from({ length: misspelt }, (_, i) => `rule "rule number ${i}"\n  source "s"\n  exception to "rule numbr ${i}"\n  when x\n  remain\n`).join("")}`,
  });

  const junk = Array.from({ length: megabytes / 5 }, (_, i) => ["§", "word", "&", "(", "rule"][i % 5]).join(" ");
  protocols.push({ name: `${(megabytes / 1e6).toFixed(0)} MB of text that is not a protocol`, text: junk });

  return protocols;
}
