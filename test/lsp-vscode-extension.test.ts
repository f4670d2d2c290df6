// The VS Code extension: it builds, its package.json contributes the language, grammar, language
// configuration and snippets, the server bundled in it answers over stdio, and `vsce` packages it
// into a .vsix holding what VS Code needs (the extension itself cannot be run here).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LspClient, readExample, repositoryRoot } from "../packages/language-server/test/lsp-client.js";

const extension = join(repositoryRoot, "packages/vscode");
const manifest = JSON.parse(readFileSync(join(extension, "package.json"), "utf8")) as {
  main: string;
  activationEvents: string[];
  contributes: {
    languages: { id: string; extensions: string[]; aliases: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    snippets: { language: string; path: string }[];
  };
};

beforeAll(() => {
  const built = spawnSync(process.execPath, [join(extension, "scripts/build.mjs")], { cwd: extension, encoding: "utf8" });
  expect(built.stderr).toBe("");
  expect(built.status).toBe(0);
}, 60_000);

describe("the VS Code extension", () => {
  it("contributes the language for .baton files, the grammar, the language configuration and snippets", () => {
    const [language] = manifest.contributes.languages;
    expect(language).toMatchObject({ id: "baton", extensions: [".baton"], aliases: ["Baton", "baton"] });
    expect(manifest.activationEvents).toContain("onLanguage:baton");
    expect(manifest.contributes.grammars).toEqual([{ language: "baton", scopeName: "source.baton", path: "./dist/baton.tmLanguage.json" }]);
    for (const file of [manifest.main, language!.configuration, manifest.contributes.grammars[0]!.path, "dist/server.mjs", "dist/runtime.mjs"]) {
      expect(existsSync(join(extension, file)), file).toBe(true);
    }
    const configuration = JSON.parse(readFileSync(join(extension, language!.configuration), "utf8")) as { comments: unknown; brackets: unknown; autoClosingPairs: { open: string }[] };
    expect(configuration.comments).toEqual({ lineComment: "#" });
    expect(configuration.brackets).toEqual([["(", ")"], ["[", "]"], ["{", "}"]]);
    expect(configuration.autoClosingPairs.map((pair) => pair.open)).toContain('"');
    const snippets = JSON.parse(readFileSync(join(extension, manifest.contributes.snippets[0]!.path), "utf8")) as Record<string, { prefix: string }>;
    expect(Object.values(snippets).map((snippet) => snippet.prefix)).toEqual(expect.arrayContaining(["protocol", "rule", "test"]));
  });

  describe("its bundled server", () => {
    let client: LspClient;
    beforeAll(async () => {
      client = await LspClient.start({ server: [join(extension, "dist/server.mjs"), "--stdio"] });
    });
    afterAll(async () => {
      expect(await client.stop()).toBe(0);
    });

    it("checks a protocol, looks for conflicts in its worker, and completes", async () => {
      const spec = readExample("docs/examples/spec-section-1.baton");
      const uri = "untitled:extension.baton";
      expect((await client.openSettled(uri, spec)).diagnostics).toEqual([]);
      const broken = await client.open("untitled:extension-broken.baton", spec.replace("to CIN at", "to CN at"));
      expect(broken.diagnostics.map((d) => d.code)).toEqual(["unknown-name"]);
      const conflicting = spec.replace('test "A CP', 'rule "Also CP"\n  source "s"\n  when plan is child_protection\n  transfer from RAT to CIC immediately\n\ntest "A CP');
      await client.open("untitled:extension-conflict.baton", conflicting);
      const settled = await client.settledDiagnostics("untitled:extension-conflict.baton", 1);
      expect(settled.diagnostics.map((d) => d.code)).toContain("conflict");
      const items = await client.completion(uri, { line: 27, character: 16 });
      expect(items.map((item) => item.label)).toContain("RAT");
    });
  });

  it("packages into a .vsix with the client, the server, the runtime, the grammar and the snippets", () => {
    const out = join(mkdtempSync(join(tmpdir(), "baton-vsix-")), "baton.vsix");
    const packaged = spawnSync(process.execPath, [join(extension, "node_modules/@vscode/vsce/vsce"), "package", "--no-dependencies", "--allow-missing-repository", "-o", out], {
      cwd: extension,
      encoding: "utf8",
    });
    expect(packaged.status, packaged.stderr).toBe(0);
    const listing = spawnSync("unzip", ["-l", out], { encoding: "utf8" });
    if (listing.error) return; // no unzip here: vsce's own success is what is checked
    const files = [...listing.stdout.matchAll(/\s(extension\/\S+)$/gm)].map((match) => match[1]);
    expect(files).toEqual(
      expect.arrayContaining([
        "extension/package.json",
        "extension/dist/extension.cjs",
        "extension/dist/server.mjs",
        "extension/dist/runtime.mjs",
        "extension/dist/baton.tmLanguage.json",
        "extension/dist/language-configuration.json",
        "extension/snippets/baton.json",
      ]),
    );
    expect(files.filter((file) => file?.includes("/src/") || file?.includes("node_modules") || file?.endsWith(".map"))).toEqual([]);
  });
});
