// conditionFunction: a rule's condition tree as one function, which the decision procedure calls
// instead of walking the tree. It must give what evaluateCondition gives, reading the same tests
// in the same order, for every tree of and/or/not over tests that are true, false or unknown.
import { describe, expect, it } from "vitest";
import { evaluateCondition, type Condition, type Evaluation, type Truth } from "../src/index.js";
import { conditionFunction } from "../src/condition.js";

const e: Evaluation = { input: { team: "RAT", facts: {} }, facts: {}, today: "2026-01-12" };

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe("conditionFunction", () => {
  it("gives what evaluateCondition gives, reading the same tests in the same order", () => {
    const next = random(8);
    const truths: Truth[] = [true, false, undefined];
    let read: string[] = [];
    const tree = (depth: number): Condition => {
      const pick = next();
      if (depth === 0 || pick < 0.3) {
        if (pick < 0.02) return { kind: "always" };
        const value = truths[Math.floor(next() * 3)];
        const name = `t${Math.floor(next() * 1000)}`;
        return { kind: "test", text: name, reads: { facts: [], events: [] }, test: () => (read.push(name), value) };
      }
      if (pick < 0.45) return { kind: "not", text: "not", part: tree(depth - 1) };
      const parts = Array.from({ length: 1 + Math.floor(next() * 4) }, () => tree(depth - 1));
      return pick < 0.75 ? { kind: "and", parts } : { kind: "or", text: "or", parts };
    };
    const seen = new Set<Truth>();
    for (let i = 0; i < 2000; i++) {
      const condition = tree(4);
      read = [];
      const expected = evaluateCondition(condition, e);
      const expectedReads = read;
      read = [];
      expect(conditionFunction(condition)(e)).toBe(expected);
      expect(read).toEqual(expectedReads);
      seen.add(expected);
    }
    expect(seen).toEqual(new Set(truths));
  });
});
