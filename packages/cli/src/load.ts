// Compiling a protocol and loading the module in this process, for `baton eval` and `baton test`:
// the same generated code `baton build` writes, run against the runtime shipped beside the CLI.
import { compileText, type Analysis, type Diagnostic } from "@baton/core";
import { transform } from "esbuild";

/** The runtime bundle written beside the CLI (dist/runtime.mjs), shared by every loaded protocol. */
export const runtimeUrl = new URL("./runtime.mjs", import.meta.url).href;

export interface DecisionJson {
  outcome: string;
  rule?: string;
  to?: string;
  panel?: string;
  due?: string | null;
  waitingFor?: string;
  requestBy?: string | null;
  needs: string[];
  missing: string[];
  conflicting: string[];
  trace: { rule: string; status: string; by?: string; reason?: string }[];
}

export interface LoadedProtocol {
  decide(input: unknown, options?: { today?: string; trace?: boolean }): DecisionJson;
  validate(input: unknown): unknown;
  protocol: {
    name: string;
    teams: { id: string; label?: string }[];
    panels: { id: string; label?: string }[];
    events: { id: string; label?: string }[];
    documents: { id: string; label?: string }[];
    facts: { id: string; label?: string }[];
    rules: { name: string; source?: string }[];
  };
}

export interface RuntimeModule {
  explain(decision: DecisionJson, labels?: Record<string, Record<string, string>>): string;
}

export async function loadRuntime(): Promise<RuntimeModule> {
  return (await import(runtimeUrl)) as RuntimeModule;
}

/** TypeScript to JavaScript, keeping the module's imports as they are. */
export async function toJavaScript(typescript: string): Promise<string> {
  const result = await transform(typescript, { loader: "ts", format: "esm", target: "es2022" });
  return result.code;
}

/** Compiles and loads a protocol; when it has errors, returns them instead. */
export async function loadProtocol(
  text: string,
  fileName: string,
): Promise<{ loaded: LoadedProtocol; diagnostics: Diagnostic[] } | { loaded?: undefined; diagnostics: Diagnostic[] }> {
  const result = compileText(text, { fileName, runtimeImport: runtimeUrl });
  if (!result.module) return { diagnostics: result.diagnostics };
  const javascript = await toJavaScript(result.module.typescript);
  // A data: URL module: the compiled protocol is loaded without writing it anywhere.
  const loaded = (await import(`data:text/javascript;base64,${Buffer.from(javascript).toString("base64")}`)) as LoadedProtocol;
  return { loaded, diagnostics: result.diagnostics };
}

/** Labels by id, for `explain`. */
export function labelsOf(protocol: LoadedProtocol["protocol"]): Record<string, Record<string, string>> {
  const map = (items: { id: string; label?: string }[]) =>
    Object.fromEntries(items.filter((item) => item.label !== undefined).map((item) => [item.id, item.label!]));
  return { teams: map(protocol.teams), panels: map(protocol.panels), events: map(protocol.events), documents: map(protocol.documents), facts: map(protocol.facts) };
}

export type { Analysis };
