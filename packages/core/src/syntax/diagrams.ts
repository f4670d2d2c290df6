// Railroad diagrams of the grammar, drawn from the parser itself so they cannot drift from it.
// `pnpm diagrams` writes them to grammar/syntax-diagrams.html; a test checks the file is current.
import { createSyntaxDiagramsCode } from "chevrotain";
import { batonParser } from "./parser.js";

/** Chevrotain's diagram renderer as installed by `pnpm install`, so the page works offline. */
const resourceBase = "../packages/core/node_modules/chevrotain/diagrams/";

export function syntaxDiagramsHtml(): string {
  const html = createSyntaxDiagramsCode(batonParser.getSerializedGastProductions(), {
    resourceBase,
    css: `${resourceBase}diagrams.css`,
  });
  return html.replace("<body>", "<body>\n<h1>Baton: the grammar of a protocol file</h1>\n<p>Generated from the parser by <code>pnpm diagrams</code>; do not edit by hand. See docs/language.md for what each part means.</p>");
}
