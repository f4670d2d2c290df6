// The plugin as Prettier sees it: the language it declares, files it refuses, the print width,
// line endings, and what the parser hands Prettier.
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import batonPlugin, { BatonSyntaxError, languages } from "../src/index.js";
import { format } from "./helpers.js";

const long = `protocol P "Print width"

rule "A long condition"
  when current team is Intake and not reuniting_complete and time since date of allocation < 2 weeks and proceedings
  transfer from CIC to Plus16 on sixteen_plus_date joint work from date_of_birth + 15 years 6 months
  requires mosaic_tasks, mosaic_episodes, personal_details, uploads, change_letter, chronology, transfer_summary
`;

describe("the plugin", () => {
  it("declares Baton files by their extension", async () => {
    expect(languages).toEqual([expect.objectContaining({ name: "Baton", parsers: ["baton"], extensions: [".baton"] })]);
    // Prettier picks the parser from the file name, as its command line does.
    const formatted = await prettier.format('protocol P "T"\nteam A "a"\n', { filepath: "protocol.baton", plugins: [batonPlugin] });
    expect(formatted).toBe('protocol P "T"\n\nteam A "a"\n');
  });

  it.each([20, 40, 60, 80, 100])("keeps lines within a print width of %i where they can be broken", async (printWidth) => {
    const formatted = await format(long, { printWidth });
    // A longer line has nowhere left to break: one list item, one operand after its `and`.
    const tooLong = formatted.split("\n").filter((line) => line.length > printWidth);
    for (const line of tooLong) {
      expect(line, `at width ${printWidth}`).not.toContain(", ");
      expect(line.trim().split(" ").filter((word) => word === "and" || word === "or").length, `${line} at width ${printWidth}`).toBeLessThanOrEqual(1);
    }
    if (printWidth >= 60) expect(tooLong).toEqual([]);
  });

  it("breaks the long condition at each `and`, indented one level further than `when`", async () => {
    expect(await format(long)).toBe(`protocol P "Print width"

rule "A long condition"
  when current team is Intake
    and not reuniting_complete
    and time since date of allocation < 2 weeks
    and proceedings
  transfer from CIC to Plus16 on sixteen_plus_date
    joint work from date_of_birth + 15 years 6 months
  requires mosaic_tasks, mosaic_episodes, personal_details, uploads,
    change_letter, chronology, transfer_summary
`);
  });

  it("writes line feeds, whatever line breaks the file had", async () => {
    expect(await format('protocol P "T"\r\n  version "1"\r\n\r\n\r\nteam A "a" # a comment\r\nteam B\r\n')).toBe(
      'protocol P "T"\n  version "1"\n\nteam A "a" # a comment\nteam B\n',
    );
  });

  it("formats a file with checker errors (unknown names, mixed and/or): only the syntax must be right", async () => {
    const text = 'protocol P "T"\nrule "r"\n  when unknown_thing and a or b\n  transfer to Nowhere immediately\n';
    expect(await format(text)).toBe('protocol P "T"\n\nrule "r"\n  when unknown_thing and a or b\n  transfer to Nowhere immediately\n');
  });
});

describe("files that do not parse", () => {
  const broken = 'protocol P "T"\nteam A "a"\nrule "r"\n  transfer from A at review\n';

  it("are refused with the parser's diagnostics, line and column first", async () => {
    const error = await format(broken).then(
      () => undefined,
      (cause: unknown) => cause,
    );
    expect(error).toBeInstanceOf(BatonSyntaxError);
    const { message, diagnostics } = error as BatonSyntaxError;
    expect(message.split("\n").slice(0, 2)).toEqual([
      "This file has a syntax error, so it was not formatted:",
      "4:19: Expected `to` and a team after `transfer from A`, but found `at`.",
    ]);
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(["syntax"]);
    // Prettier shows the line with the error under the message.
    expect(message).toContain("> 4 |   transfer from A at review");
  });

  it.each([
    ["a misquoted string", "protocol P \"T\"\nteam A 'a'\n", "2:8: Text in a protocol goes between straight double quotes"],
    ["an impossible date", 'protocol P "T"\nholiday 2026-02-30\n', "2:9: "],
    ["a duration in half days", 'protocol P "T"\nlet x = 1.5 days\n', "2:9: Durations are counted in whole units"],
    ["`=` for `is`", 'protocol P "T"\nlet x = plan = none\n', "2:14: Baton compares with `is`, not `=`"],
    ["no protocol at all", "# only a comment\n", "1:1: This file has no protocol in it."],
  ])("are refused for %s", async (_, text, expected) => {
    await expect(format(text)).rejects.toThrow(expected);
  });

  it("lists every independent syntax error", async () => {
    const text = 'protocol P "T"\nrule "r"\n  transfer from A at review\nrule "s"\n  when x =\n';
    await expect(format(text)).rejects.toThrow(/^This file has 2 syntax errors, so it was not formatted:\n3:19: .*\n5:11: /);
  });
});
