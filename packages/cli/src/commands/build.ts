// `baton build FILE|FOLDER... --out-dir DIR [--js] [--bundle]`: compile protocols to modules.
import { compileText, LineIndex } from "@baton/core";
import { build as esbuild } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Command } from "../command.js";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { displayPath, readSources, UsageError } from "../files.js";
import { runtimeUrl, toJavaScript } from "../load.js";
import { formatDiagnostic, plural, stylesFor } from "../report.js";

export const buildHelp = `Usage: baton build FILE|FOLDER... --out-dir DIR [--js] [--bundle]

Compiles each protocol into a module that decides cases: PROTOCOL.ts, importing the
runtime package @baton/runtime. A protocol with errors is not compiled; its errors are
printed, as by \`baton check\`.

Options:
  --out-dir DIR   where to write the modules (required)
  --js            write JavaScript (PROTOCOL.js) and its types (PROTOCOL.d.ts) instead of TypeScript
  --bundle        write one self-contained JavaScript file (PROTOCOL.js) with the runtime inside
  -h, --help      show this help

Exit status: 0 all compiled, 1 a protocol has errors, 2 bad usage or an unreadable file.`;

export interface BuildOptions {
  paths: string[];
  outDir: string | undefined;
  js: boolean;
  bundle: boolean;
}

export async function runBuild(options: BuildOptions): Promise<number> {
  if (options.paths.length === 0) throw new UsageError("name the protocol files or folders to build, for example `baton build examples --out-dir out`");
  if (!options.outDir) throw new UsageError("say where to write the modules with --out-dir DIR");
  const { sources, unreadable } = readSources(options.paths);
  const styles = stylesFor(process.stdout);
  let failed = 0;
  mkdirSync(options.outDir, { recursive: true });
  for (const source of sources) {
    const name = basename(source.path, ".baton");
    const result = compileText(source.text, { fileName: `${name}.baton` });
    const lines = new LineIndex(source.text);
    for (const diagnostic of result.diagnostics) process.stdout.write(`${formatDiagnostic(source.path, source.text, lines, diagnostic, styles)}\n\n`);
    if (!result.module) {
      failed++;
      process.stdout.write(`${source.path}: not built, because of the errors above.\n`);
      continue;
    }
    const written: string[] = [];
    const write = (file: string, contents: string) => {
      const target = join(options.outDir!, file);
      writeFileSync(target, contents);
      written.push(displayPath(target));
    };
    if (options.bundle) {
      const bundled = await esbuild({
        stdin: { contents: result.module.typescript, loader: "ts", sourcefile: `${name}.ts` },
        bundle: true,
        write: false,
        format: "esm",
        target: "es2022",
        platform: "neutral",
        alias: { "@baton/runtime": fileURLToPath(runtimeUrl) },
        logLevel: "error",
      });
      write(`${name}.js`, bundled.outputFiles[0]!.text);
    } else if (options.js) {
      write(`${name}.js`, await toJavaScript(result.module.typescript));
      write(`${name}.d.ts`, result.module.declarations);
    } else {
      write(`${name}.ts`, result.module.typescript);
    }
    process.stdout.write(`${source.path}: wrote ${written.join(" and ")}\n`);
  }
  const built = sources.length - failed;
  process.stdout.write(`Built ${plural(built, "protocol")}${failed > 0 ? `; ${failed} not built because of errors` : ""}.\n`);
  if (unreadable > 0) return 2;
  return failed > 0 ? 1 : 0;
}

export const buildCommand: Command = {
  name: "build",
  synopsis: "build FILE|FOLDER... --out-dir DIR",
  summary: "compile protocols to modules that decide cases",
  help: buildHelp,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        "out-dir": { type: "string" },
        js: { type: "boolean", default: false },
        bundle: { type: "boolean", default: false },
        help: { type: "boolean", short: "h" },
      },
    });
    return runBuild({ paths: positionals, outDir: values["out-dir"], js: values.js ?? false, bundle: values.bundle ?? false });
  },
};
