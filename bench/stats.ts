// Small figures the benchmarks share.

/** The middle value (the upper one of the two middle values for an even count). */
export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
