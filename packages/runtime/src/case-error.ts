// The error `validate` throws for a malformed case record: every problem at once, each with the
// JSON path where it was found, so the person fixing the record sees the whole list in one go.

/** One thing wrong with a case record. */
export interface CaseProblem {
  /** JSON path to the offending value, e.g. `$.facts.date_of_birth`. */
  readonly path: string;
  readonly message: string;
}

export class CaseError extends Error {
  override readonly name = "CaseError";
  readonly problems: readonly CaseProblem[];

  constructor(problems: readonly CaseProblem[]) {
    const copy = Object.freeze(problems.map(({ path, message }) => Object.freeze({ path, message })));
    const count = copy.length === 1 ? "1 problem" : `${copy.length} problems`;
    super(`The case record has ${count}:${copy.map(({ path, message }) => `\n- ${path}: ${message}`).join("")}`);
    this.problems = copy;
  }
}
