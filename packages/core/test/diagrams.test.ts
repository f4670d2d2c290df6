// The syntax diagrams in grammar/ are drawn from the parser; this fails when the grammar changes
// and `pnpm diagrams` was not run.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { syntaxDiagramsHtml } from "../src/syntax/diagrams.js";

it("grammar/syntax-diagrams.html matches the parser's grammar (run `pnpm diagrams` if not)", () => {
  const committed = readFileSync(new URL("../../../grammar/syntax-diagrams.html", import.meta.url), "utf8");
  const html = syntaxDiagramsHtml();
  expect(html).toContain('"name": "transferAction"');
  expect(committed === html).toBe(true);
});
