// Three-valued (Kleene) logic: the full truth tables, with undefined meaning unknown.
import { describe, expect, it } from "vitest";
import { and3, not3, or3, type Truth } from "../src/index.js";

const T = true;
const F = false;
const U = undefined;

describe("and3", () => {
  it.each([
    [T, T, T],
    [T, F, F],
    [T, U, U],
    [F, T, F],
    [F, F, F],
    [F, U, F],
    [U, T, U],
    [U, F, F],
    [U, U, U],
  ] as [Truth, Truth, Truth][])("%s and %s = %s", (a, b, result) => {
    expect(and3(a, b)).toBe(result);
  });

  it("takes any number of values", () => {
    expect(and3()).toBe(true);
    expect(and3(T, T, T)).toBe(true);
    expect(and3(T, U, T)).toBe(undefined);
    expect(and3(U, U, F)).toBe(false);
  });
});

describe("or3", () => {
  it.each([
    [T, T, T],
    [T, F, T],
    [T, U, T],
    [F, T, T],
    [F, F, F],
    [F, U, U],
    [U, T, T],
    [U, F, U],
    [U, U, U],
  ] as [Truth, Truth, Truth][])("%s or %s = %s", (a, b, result) => {
    expect(or3(a, b)).toBe(result);
  });

  it("takes any number of values", () => {
    expect(or3()).toBe(false);
    expect(or3(F, F, F)).toBe(false);
    expect(or3(F, U, F)).toBe(undefined);
    expect(or3(U, U, T)).toBe(true);
  });
});

describe("not3", () => {
  it.each([
    [T, F],
    [F, T],
    [U, U],
  ] as [Truth, Truth][])("not %s = %s", (a, result) => {
    expect(not3(a)).toBe(result);
  });

  it("satisfies De Morgan's laws over all values", () => {
    for (const a of [T, F, U]) {
      for (const b of [T, F, U]) {
        expect(not3(and3(a, b))).toBe(or3(not3(a), not3(b)));
        expect(not3(or3(a, b))).toBe(and3(not3(a), not3(b)));
      }
    }
  });
});
