// What every `baton` command provides, so main.ts can list, explain and run them from one table.

export interface Command {
  name: string;
  /** The line in `baton --help`: how it is called. */
  synopsis: string;
  /** What it does, in a few words, for `baton --help`. */
  summary: string;
  /** The full text of `baton NAME --help`. */
  help: string;
  /** Runs the command with its arguments (after the name); resolves to the exit status. */
  run(args: string[]): Promise<number>;
}
