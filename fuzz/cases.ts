// Random case records for a generated program (spec section 9's `Case`), from what it declares:
// the team holding the case, some of the facts (the others unknown), events held or scheduled, and
// the documents that are complete. Values stay valid for `validate`; dates cluster around the
// program's own dates, with a few far outside the bank holiday data the runtime ships.
import fc from "fast-check";
import { datePool, type Declarations, type FieldType, type ValueType } from "./program.js";

export interface CaseRecord {
  today: string;
  input: {
    team: string;
    facts: Record<string, unknown>;
    events: Record<string, { held?: string; scheduled?: string } | undefined>;
    documents: string[];
  };
}

function isoDate(day: number): string {
  return new Date(Date.UTC(2025, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
}

/** Mostly within a few years of 2025 (often one of the program's own dates); now and then far away. */
export const caseDate: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...datePool) },
  { weight: 6, arbitrary: fc.integer({ min: -900, max: 700 }).map(isoDate) },
  { weight: 1, arbitrary: fc.constantFrom("2011-12-30", "2028-01-04", "2040-02-29", "2000-01-01") },
);

const durationValue: fc.Arbitrary<Record<string, number>> = fc.oneof(
  fc.nat(20).map((workingDays) => ({ workingDays })),
  fc.record({ years: fc.nat(20), months: fc.nat(14), weeks: fc.nat(10), days: fc.nat(40) }, { requiredKeys: [] }),
);

function value(type: ValueType | FieldType, teams: readonly string[]): fc.Arbitrary<unknown> {
  switch (type.kind) {
    case "yes/no":
      return fc.boolean();
    case "number":
      return fc.oneof(fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 140 }).map((tenths) => tenths / 10));
    case "date":
      return caseDate;
    case "duration":
      return durationValue;
    case "team":
      return fc.constantFrom(...teams);
    case "enum":
      return fc.constantFrom(...type.values);
    case "elapsed":
      throw new Error("an elapsed time is never a fact");
    case "list": {
      const fields = Object.fromEntries(type.record.fields.map((field) => [field.name, value(field.type, teams)]));
      return fc.array(fc.record(fields, { requiredKeys: [] }), { maxLength: 4 });
    }
  }
}

/** A case record that `validate` accepts, for a program with these declarations. */
export function caseRecord(declarations: Declarations): fc.Arbitrary<CaseRecord> {
  const facts = Object.fromEntries(declarations.facts.map((fact) => [fact.name, value(fact.type, declarations.teams)]));
  const events = Object.fromEntries(
    [...declarations.events, "allocation"].map((event) => [
      event,
      fc.oneof(fc.record({ held: caseDate }), fc.record({ scheduled: caseDate }), fc.record({ held: caseDate, scheduled: caseDate })),
    ]),
  );
  return fc.record({
    today: caseDate,
    input: fc.record({
      team: fc.constantFrom(...declarations.teams),
      facts: fc.record(facts, { requiredKeys: [] }),
      events: fc.record(events, { requiredKeys: [] }),
      documents: fc.subarray(declarations.documents),
    }),
  });
}
