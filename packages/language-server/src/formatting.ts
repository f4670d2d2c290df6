// Formatting through the Prettier plugin (prettier-plugin-baton), the project's only formatter.
// Prettier and the plugin are loaded when first needed, to keep the server's start quick; a file
// that does not parse is left as it is.
import type { Plugin } from "prettier";
import type { TextEdit } from "vscode-languageserver";
import type { AnalysedDocument } from "./documents.js";

export type FormatResult = { edits: TextEdit[] } | { problem: string };

let formatter: Promise<((text: string) => Promise<string>) | undefined> | undefined;

async function loadFormatter(): Promise<((text: string) => Promise<string>) | undefined> {
  try {
    const plugin: Plugin = (await import("prettier-plugin-baton")).default;
    if (plugin.parsers?.["baton"] === undefined) return undefined;
    const prettier = await import("prettier/standalone");
    return (text) => prettier.format(text, { parser: "baton", plugins: [plugin] });
  } catch {
    return undefined;
  }
}

export async function format(entry: AnalysedDocument): Promise<FormatResult> {
  if (entry.analysis.diagnostics.some((diagnostic) => diagnostic.code === "syntax")) {
    return { problem: "The file has syntax errors; it is formatted once they are fixed." };
  }
  formatter ??= loadFormatter();
  const run = await formatter;
  if (run === undefined) return { problem: "The Baton formatter (prettier-plugin-baton) is not available in this build." };
  let formatted: string;
  try {
    formatted = await run(entry.text);
  } catch (cause) {
    return { problem: `The formatter could not format this file: ${(cause as Error).message.split("\n")[0]}` };
  }
  if (formatted === entry.text) return { edits: [] };
  const { document } = entry;
  return { edits: [{ range: { start: { line: 0, character: 0 }, end: document.positionAt(entry.text.length) }, newText: formatted }] };
}
