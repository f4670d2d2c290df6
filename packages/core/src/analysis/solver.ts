// Finds values for the variables that make every formula true, by backtracking search with
// three-valued evaluation of partial assignments. The search is bounded: past its budget it stops
// and says so, rather than hang the editor.
import type { Formula, Variable } from "./formula.js";

export class SearchLimit extends Error {}

export type Assignment = Map<Variable, number>;

function evaluate(formula: Formula, assignment: Assignment): boolean | undefined {
  switch (formula.kind) {
    case "const":
      return formula.value;
    case "atom": {
      const value = assignment.get(formula.variable);
      return value === undefined ? undefined : formula.allowed.has(value);
    }
    case "and": {
      let result: boolean | undefined = true;
      for (const part of formula.parts) {
        const value = evaluate(part, assignment);
        if (value === false) return false;
        if (value === undefined) result = undefined;
      }
      return result;
    }
    case "or": {
      let result: boolean | undefined = false;
      for (const part of formula.parts) {
        const value = evaluate(part, assignment);
        if (value === true) return true;
        if (value === undefined) result = undefined;
      }
      return result;
    }
  }
}

/** An unassigned variable in a part of `formula` that is still open, with the values it wants there. */
function openAtom(formula: Formula, assignment: Assignment): { variable: Variable; allowed: ReadonlySet<number> } | undefined {
  switch (formula.kind) {
    case "const":
      return undefined;
    case "atom":
      return assignment.has(formula.variable) ? undefined : formula;
    case "and":
    case "or":
      for (const part of formula.parts) {
        if (evaluate(part, assignment) !== undefined) continue;
        const found = openAtom(part, assignment);
        if (found) return found;
      }
      return undefined;
  }
}

export interface Budget {
  nodes: number;
}

/** Values making every formula true, or null when there are none; throws SearchLimit past the budget. */
export function satisfy(formulas: readonly Formula[], budget: Budget, assignment: Assignment = new Map()): Assignment | null {
  if (--budget.nodes < 0) throw new SearchLimit();
  let open: Formula | undefined;
  for (const formula of formulas) {
    const value = evaluate(formula, assignment);
    if (value === false) return null;
    if (value === undefined && open === undefined) open = formula;
  }
  if (open === undefined) return new Map(assignment);
  const next = openAtom(open, assignment)!;
  // Values the atom wants first: they are the likeliest to lead to a solution.
  const order = [...next.allowed, ...next.variable.domain.map((_, index) => index).filter((index) => !next.allowed.has(index))];
  for (const value of order) {
    assignment.set(next.variable, value);
    const found = satisfy(formulas, budget, assignment);
    if (found) return found;
  }
  assignment.delete(next.variable);
  return null;
}

/** The atoms a conjunction requires of single variables: variable → the values allowed by all of them. */
export function requiredValues(formula: Formula): Map<Variable, Set<number>> {
  const required = new Map<Variable, Set<number>>();
  const parts = formula.kind === "and" ? formula.parts : [formula];
  for (const part of parts) {
    if (part.kind !== "atom") continue;
    const current = required.get(part.variable);
    required.set(part.variable, current ? new Set([...current].filter((value) => part.allowed.has(value))) : new Set(part.allowed));
  }
  return required;
}
