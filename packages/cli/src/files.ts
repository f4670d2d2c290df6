// Finding and reading protocol files named on the command line: files as given, folders searched
// for `*.baton` (skipping node_modules and hidden folders), in a stable order.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export interface SourceFile {
  /** The path as shown in messages: relative to the working folder when inside it. */
  path: string;
  text: string;
}

export class UsageError extends Error {}

/** Expands folders into the `.baton` files under them; reports paths that do not exist. */
export function collectFiles(paths: readonly string[]): { files: string[]; problems: string[] } {
  const files: string[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      problems.push(`cannot read ${path}: there is no such file or folder`);
      continue;
    }
    if (stats.isDirectory()) {
      const found = findBatonFiles(path);
      if (found.length === 0) problems.push(`there are no .baton files in the folder ${path}`);
      files.push(...found);
    } else {
      files.push(path);
    }
  }
  return { files: [...new Set(files)], problems };
}

function findBatonFiles(folder: string): string[] {
  const found: string[] = [];
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...findBatonFiles(path));
    else if (entry.isFile() && entry.name.endsWith(".baton")) found.push(path);
  }
  return found;
}

export function readSource(path: string): SourceFile | { path: string; problem: string } {
  try {
    const text = readFileSync(path, "utf8");
    return { path: displayPath(path), text };
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === "EISDIR" ? "it is a folder" : code === "EACCES" ? "permission denied" : code === "ENOENT" ? "there is no such file" : String(cause);
    return { path, problem: `cannot read ${path}: ${reason}` };
  }
}

export function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown.startsWith("..") || shown === "" ? path : shown;
}

/**
 * Reads the protocol files named (folders searched for `*.baton`), reporting on standard error
 * each that cannot be read; `unreadable` counts them, for the exit status.
 */
export function readSources(paths: readonly string[]): { sources: SourceFile[]; unreadable: number } {
  const { files, problems } = collectFiles(paths);
  for (const problem of problems) process.stderr.write(`baton: ${problem}\n`);
  const sources: SourceFile[] = [];
  let unreadable = problems.length;
  for (const path of files) {
    const source = readSource(path);
    if ("problem" in source) {
      process.stderr.write(`baton: ${source.problem}\n`);
      unreadable++;
    } else sources.push(source);
  }
  return { sources, unreadable };
}
