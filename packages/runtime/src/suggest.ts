// "Did you mean ...?": the name closest to a misspelt one, when one is close enough. Used by the
// checker for names in a protocol, and by `validate` for names and values in a case record.

/** Three rows of the distance table, reused from one comparison to the next. */
let rows: Int32Array[] = [new Int32Array(0), new Int32Array(0), new Int32Array(0)];

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
 * With `limit`, any distance above it is reported as `limit + 1`, found without finishing the table.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const cols = b.length + 1;
  if (rows[0]!.length < cols) rows = [new Int32Array(cols), new Int32Array(cols), new Int32Array(cols)];
  let [twoBack, previous, current] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j < cols; j++) previous[j] = j;
  let previousSmallest = 0;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let smallest = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, twoBack[j - 2]! + 1);
      current[j] = best;
      if (best < smallest) smallest = best;
    }
    // A cell comes from the row above (at no cost) or from two rows above (a swap, at a cost of
    // one), so once this row is past the limit and the one before is at it, every later row is too.
    if (smallest > limit && previousSmallest >= limit) return limit + 1;
    previousSmallest = smallest;
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  return Math.min(previous[cols - 1]!, limit + 1);
}

/** How much comparing misspelt names with the declared ones may cost, in table cells (the checker's for a protocol, `validate`'s for a record). */
export interface SuggestionBudget {
  left: number;
}

/** The checker's budget for a protocol: enough for thousands of suggestions among thousands of names, but not for millions; past it, none is offered. */
export function suggestionBudget(): SuggestionBudget {
  return { left: 50_000_000 };
}

/**
 * The candidate closest to `name`, if it is close: a different capitalisation always is; otherwise
 * at most one edit for short names, and about a third of the name's length for longer ones. Each
 * comparison is charged to `budget`; when it runs out, no more suggestions are made.
 */
export function closestName(name: string, candidates: Iterable<string>, budget?: SuggestionBudget): string | undefined {
  // Long names are never typos worth guessing at, and would make the comparison slow.
  if (name.length > 100) return undefined;
  const allowed = Math.max(1, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name || Math.abs(candidate.length - name.length) > allowed) continue;
    if (budget !== undefined) {
      budget.left -= (name.length + 1) * (candidate.length + 1);
      if (budget.left < 0) return undefined;
    }
    const candidateLower = candidate.toLowerCase();
    const distance = candidateLower === lower ? 0.5 : editDistance(lower, candidateLower, Math.min(allowed, bestDistance));
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}
