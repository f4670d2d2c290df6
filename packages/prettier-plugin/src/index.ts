// prettier-plugin-baton: Baton's formatter, as a Prettier plugin. `baton fmt`, the editor and the
// Prettier command line all format through it, so there is one canonical layout (docs/formatting.md).
//
//   prettier --plugin prettier-plugin-baton --check "examples/**/*.baton"
//   await prettier.format(text, { parser: "baton", plugins: [batonPlugin] })
import type { Parser, Plugin, SupportLanguage } from "prettier";
import { locEnd, locStart, parseBaton } from "./parser.js";
import { printer } from "./printer.js";

export { BatonSyntaxError, refusingDiagnostics } from "./parser.js";

export const languages: SupportLanguage[] = [
  {
    name: "Baton",
    parsers: ["baton"],
    extensions: [".baton"],
    vscodeLanguageIds: ["baton"],
  },
];

export const parsers: Record<string, Parser> = {
  baton: {
    astFormat: "baton",
    parse: (text: string) => parseBaton(text),
    locStart,
    locEnd,
  },
};

export const printers = { baton: printer };

const plugin: Plugin = { languages, parsers, printers };
export default plugin;
