// Three-valued (Kleene) logic for conditions over facts that may be unknown.
// An unknown value only decides the result when the known values leave it open.

/** `true`, `false`, or `undefined` for unknown. */
export type Truth = true | false | undefined;

/** Kleene "and": false if any value is false, else unknown if any is unknown, else true. */
export function and3(...values: readonly Truth[]): Truth {
  let result: Truth = true;
  for (const value of values) {
    if (value === false) return false;
    if (value === undefined) result = undefined;
  }
  return result;
}

/** Kleene "or": true if any value is true, else unknown if any is unknown, else false. */
export function or3(...values: readonly Truth[]): Truth {
  let result: Truth = false;
  for (const value of values) {
    if (value === true) return true;
    if (value === undefined) result = undefined;
  }
  return result;
}

/** Kleene "not": unknown stays unknown. */
export function not3(value: Truth): Truth {
  return value === undefined ? undefined : !value;
}
