// Unicode hazards in protocol files (issue 9, point 5): invisible characters and characters that
// reorder text are reported wherever they are, and names written with lookalike letters of other
// alphabets are named as such, with fixes; the wording is kept in a snapshot.
import { describe, expect, it } from "vitest";
import { compileText, escapeHiddenCharactersInJson, showHiddenCharacters } from "../src/index.js";
import { analyze, applyFix, describeDiagnostics, expectClean, expectDiagnosticsAt, stripMarks } from "./helpers.js";

/** A complete protocol around `rules`, with everything they name declared and used. */
function protocol(rules: string, extra = ""): string {
  return `protocol P "Transfer protocol"
  otherwise remain
team RAT "Referral and Assessment Team"
team CIN "Child in Need Team"
fact plan: one of child_protection, none
${extra}rule "Child protection cases move to CIN"
  source "Section 2"
  when plan is child_protection
  transfer from RAT to CIN immediately
${rules}`;
}

const bidiControls = ["\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"];

describe("bidirectional controls", () => {
  it("are reported one by one in text in quotes and in comments, at the character, with a fix that deletes it", () => {
    for (const control of bidiControls) {
      const source = protocol("", `# a comment «${control}» here\n`)
        .replace('team CIN "Child in Need Team"', `team CIN "Child «${control}»«${control}»in Need Team"`)
        .replace('source "Section 2"', `source "Section «${control}»2"`);
      const found = expectDiagnosticsAt(source, "bidi-control");
      expect(found).toHaveLength(4);
      const { text } = stripMarks(source);
      for (const diagnostic of found) {
        expect(diagnostic.severity).toBe("warning");
        expect(applyFix(text, diagnostic)).toBe(text.slice(0, diagnostic.span.start) + text.slice(diagnostic.span.end));
      }
    }
  });

  it("are named in plain words, and the message never holds the character itself", () => {
    const text = protocol("", `# Section 2: \u202Ecases held by RAT\n`).replace('source "Section 2"', 'source "Section 2, table \u20671\u2069"');
    const messages = describeDiagnostics(text);
    expect(messages).toMatchSnapshot();
    expect(messages.join("\n")).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });

  it("outside quotes and comments are syntax errors, with nothing else reported, and deleting them leaves a clean file", () => {
    const source = protocol("").replace("when plan is child_protection", "when plan is «\u202E»child_protection");
    const [diagnostic] = expectDiagnosticsAt(source, "syntax");
    expect(diagnostic!.message).toBe(
      "There is an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE) that changes the order text is displayed in, so what you see may not be what Baton reads. It cannot appear in a protocol outside quotes or a comment: delete it.",
    );
    const { text } = stripMarks(source);
    expect(analyze(text).diagnostics.map((d) => d.code)).toEqual(["syntax"]);
    expectClean(applyFix(text, diagnostic!));
  });

  it("are not reported when written as escapes, which anyone can see", () => {
    expectClean(protocol("").replace('source "Section 2"', 'source "Section 2 \\u{202E}table 1\\u{202C}"'));
  });
});

describe("invisible characters", () => {
  it("are reported in text in quotes and in comments, side by side as one", () => {
    const source = protocol("", `# Section«\u200b» 2\n`).replace('source "Section 2"', 'source "Section«\u2060\u200b\u00ad» 2«\u{e0041}\u{e0042}»"');
    const found = expectDiagnosticsAt(source, "invisible-character");
    expect(describeDiagnostics(stripMarks(source).text, found)).toMatchSnapshot();
  });

  it("make a rule name that `exception to` names differently an unknown rule, and are shown in the message", () => {
    const text = protocol(`rule "Plans end"\n  source "s"\n  exception to "Child protection\u200b cases move to CIN"\n  when plan is none\n  remain\n`);
    const unknown = analyze(text).diagnostics.find((d) => d.code === "unknown-name")!;
    expect(unknown.message).toBe(
      'There is no rule called "Child protection<U+200B> cases move to CIN". Did you mean "Child protection cases move to CIN"?',
    );
    expect(analyze(text).diagnostics.map((d) => d.code)).toEqual(["unknown-name", "invisible-character"]);
  });

  it("are not reported where they do a visible job: a byte order mark at the start, emoji, joining alphabets, flags", () => {
    const label = "👨\u200d👩\u200d👧 family, می\u200cخواهم, 🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f} flag, 👍🏽";
    expectClean(`\ufeff${protocol("").replace('team CIN "Child in Need Team"', `team CIN "${label}"`)}`);
  });

  it("a zero width no-break space between words is read as a space, and reported", () => {
    const source = protocol("").replace("transfer from RAT", "transfer«\ufeff»from RAT");
    const [diagnostic] = expectDiagnosticsAt(source, "invisible-character");
    expect(diagnostic!.message).toBe(
      "There is an invisible character (U+FEFF ZERO WIDTH NO-BREAK SPACE) here. Baton reads it as a space, so a word with one inside is read as two words. Delete it.",
    );
  });

  it("outside quotes and comments are syntax errors", () => {
    const [diagnostic] = expectDiagnosticsAt(protocol("").replace("when plan", "when«\u200b» plan"), "syntax");
    expect(diagnostic!.message).toBe("There is an invisible character (U+200B ZERO WIDTH SPACE). It cannot appear in a protocol outside quotes or a comment: delete it.");
  });

  it("are listed one by one up to 100, then summed up", () => {
    const text = protocol("", `# ${"a\u200b".repeat(250)}\n`);
    const found = analyze(text).diagnostics.filter((d) => d.code === "invisible-character");
    expect(found).toHaveLength(101);
    expect(found[100]!.message).toBe("There are 150 more invisible characters from here on, not listed one by one. Is this text pasted from another program? Retype it.");
  });
});

describe("names written with letters that are not plain Latin", () => {
  it("name the lookalike letter, are read as meant (so nothing else is reported), and the fix writes the name in Latin", () => {
    const source = `protocol P "Transfer protocol"
  otherwise remain
team RAT "Referral and Assessment Team"
team CIN "Child in Need Team"
fact «сase_type»: one of cp, none
rule "Child protection cases move to CIN"
  source "Section 2"
  when case_type is cp
  transfer from RAT to CIN immediately
`;
    const [diagnostic] = expectDiagnosticsAt(source, "syntax");
    expect(diagnostic!.message).toBe(
      "`сase_type` contains the Cyrillic letter с (U+0441), which looks like the Latin c but is a different character. Outside quotes, a protocol is written with the plain letters A to Z, digits and `_` only: write `case_type`.",
    );
    const { text } = stripMarks(source);
    expect(analyze(text).diagnostics).toHaveLength(1);
    expectClean(applyFix(text, diagnostic!));
  });

  it("read a reserved word written with a lookalike as that word", () => {
    const source = protocol("").replace("when plan", "«whеn» plan");
    expectDiagnosticsAt(source, "syntax");
    expect(analyze(stripMarks(source).text).diagnostics.map((d) => d.code)).toEqual(["syntax"]);
  });

  it("word letters with accents, in full width, and with no plain form", () => {
    const text = protocol("", "fact naïve: yes/no\nfact ｃｏｕｎｔｅｄ: yes/no\nfact größe: yes/no\nfact tуpе_of_саse: yes/no\n").replace(
      "when plan is child_protection",
      "when plan is child_protection and naive and counted and größe and type_of_case",
    );
    expect(describeDiagnostics(text)).toMatchSnapshot();
  });
});

describe("rule and test names that look like other names", () => {
  it("report a name mixing alphabets, with a fix that also corrects every `exception to` and `expect rule` written the same way", () => {
    const source = protocol(`rule «"Сhild in proceedings"»
  source "s"
  when plan is none
  transfer from RAT to CIN immediately
rule "Exceptions"
  source "s"
  exception to "Сhild in proceedings"
  when plan is none
  remain
test "t"
  today 2026-01-12
  team RAT
  given plan = none
  expect rule "Сhild in proceedings"
`).replace('«"Сhild in proceedings"»', '"«Сhild» in proceedings"');
    const [diagnostic] = expectDiagnosticsAt(source, "confusable-name");
    const { text } = stripMarks(source);
    const fixed = applyFix(text, diagnostic!);
    expect(fixed.match(/"Child in proceedings"/g)).toHaveLength(3);
    expect(analyze(fixed).diagnostics.filter((d) => d.code === "confusable-name" || d.code === "unknown-name")).toEqual([]);
  });

  it("report a word written entirely in lookalikes in a name with Latin letters", () => {
    const [diagnostic] = expectDiagnosticsAt(protocol(`rule "«Рор» music cases"\n  source "s"\n  when plan is none\n  remain\n`), "confusable-name");
    expect(diagnostic!.fix?.edits.map((edit) => edit.newText)).toEqual(["Pop"]);
  });

  it("report a name that looks the same as another but is written with other letters, pointing at both", () => {
    const source = protocol(`rule "Рор"
  source "s"
  when plan is none
  remain
rule «"Pop"»
  source "s"
  when plan is none
  remain
test "Рор"
  today 2026-01-12
  team RAT
  given plan = child_protection
  expect transfer to CIN
test «"Pop"»
  today 2026-01-12
  team RAT
  given plan = child_protection
  expect transfer to CIN
`);
    const found = expectDiagnosticsAt(source, "confusable-name");
    const { text } = stripMarks(source);
    expect(found[0]!.related?.map((related) => text.slice(related.span.start, related.span.end))).toEqual(['"Рор"']);
    expect(describeDiagnostics(text, found)).toMatchSnapshot();
  });

  it("say which rule an `exception to` or `expect rule` with a lookalike letter meant, with a fix", () => {
    const source = protocol(`rule "Plans end"
  source "s"
  exception to «"Child prоtection cases move to CIN"»
  when plan is none
  remain
test "t"
  today 2026-01-12
  team RAT
  given plan = child_protection
  expect rule «"Сhild protection cases move to CIN"»
`);
    const found = expectDiagnosticsAt(source, "unknown-name");
    const { text } = stripMarks(source);
    expect(describeDiagnostics(text, found)).toMatchSnapshot();
    let fixed = text;
    for (const diagnostic of [...found].reverse()) fixed = applyFix(fixed, diagnostic);
    expectClean(fixed);
  });

  it("leave labels and reasons in any alphabet alone", () => {
    expectClean(
      protocol("")
        .replace('team CIN "Child in Need Team"', 'team CIN "Команда Сhild and Ωmega"')
        .replace("CIN immediately", 'CIN immediately\n  because "Дети: Сhild"'),
    );
  });
});

describe("compiled, hidden characters come back exactly", () => {
  it("in decisions, escaped in the code", async () => {
    const text = protocol("").replace('source "Section 2"', 'source "Section\u200b 2 \u202Etable\u202C"');
    const result = compileText(text);
    expect(result.module!.typescript).not.toMatch(/[\u202a-\u202e]/);
    expect(result.module!.typescript).toContain('source: "Section\\u200b 2 \\u202etable\\u202c"');
    expect(showHiddenCharacters("Section\u200b 2 \u202Etable\u202C")).toBe("Section<U+200B> 2 <U+202E>table<U+202C>");
  });
});

describe("JSON printed for a terminal", () => {
  it("escapes each hidden character, leaving the same JSON to read back", () => {
    const value = { rule: "Move \u202ethe case\u200b", flag: "\u{1f3f4}\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}", tag: "a\u{e0041}b", bom: "\ufeffx" };
    const json = JSON.stringify(value);
    const escaped = escapeHiddenCharactersInJson(json);
    expect(escaped).toContain("Move \\u202ethe case\\u200b");
    // A flag's tag characters do a visible job and are kept; a lone tag character is escaped as its surrogate pair.
    expect(escaped).toContain(value.flag);
    expect(escaped).toContain("a\\udb40\\udc41b");
    expect(escaped).toContain("\\ufeffx");
    expect(JSON.parse(escaped)).toEqual(value);
    expect(escapeHiddenCharactersInJson('{"plain":"text"}')).toBe('{"plain":"text"}');
  });
});
