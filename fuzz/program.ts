// A fast-check generator of valid Baton programs: ones the checker accepts without an error.
//
// The formatter's generator (packages/prettier-plugin/test/generate.ts) writes programs that parse
// but need not make sense; this one keeps track of what is declared and of every expression's type
// (spec sections 3 to 7), so each name it writes exists and has the right kind and type. It writes
// the same `Line` structure, so the formatter's `layOut` gives each program a random layout with
// comments. What is declared is returned beside the lines, for generating case records (cases.ts).
//
// Rules are chained by `exception to` (each one an exception to the one before) unless the program
// is marked `conflictsAllowed`: a chain means two rules can never apply together undecided, so the
// analysis has no conflict to report; without the chain, conflicts are possible and are the only
// errors such a program may have.
import fc from "fast-check";
import type { Line } from "../packages/prettier-plugin/test/generate.js";

export type { Line };
type Tokens = string[];

/** The type of a fact, let, record field or expression, as far as the generator needs to know. */
export type ValueType =
  | { kind: "yes/no" }
  | { kind: "number" }
  | { kind: "date" }
  | { kind: "duration" }
  | { kind: "elapsed" }
  | { kind: "team" }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "list"; record: RecordDecl };

export type FieldType = Exclude<ValueType, { kind: "list" } | { kind: "elapsed" }>;

export interface RecordDecl {
  name: string;
  fields: { name: string; type: FieldType }[];
}

/** What a generated program declares: enough to write case records for it. */
export interface Declarations {
  teams: string[];
  panels: string[];
  /** Declared events; `allocation` is always there too. */
  events: string[];
  documents: string[];
  facts: { name: string; type: ValueType }[];
  lets: { name: string; type: ValueType }[];
  rules: string[];
}

export interface ValidProgram {
  lines: Line[][];
  declarations: Declarations;
  /** Rules are not chained by `exception to`: the analysis may report conflicts (errors). */
  conflictsAllowed: boolean;
}

// ---- the names a program can declare (none of them reserved words) ----

const teamPool = ["RAT", "CIN", "CIC", "Plus16", "CWD"];
const panelPool = ["TransferPanel", "HeadsOfService"];
const eventPool = ["conference", "review", "hearing"];
const documentPool = ["chronology", "assessment", "care_plan"];
const enumTypeNames = ["Plan", "Status"];
const enumValuePools = [
  ["child_protection", "child_in_need", "looked_after", "none"],
  ["open", "closed", "pending"],
];
const inlineValuePool = ["low", "medium", "high", "none"];
const factNames = ["plan", "proceedings", "disabled", "date_of_birth", "closure_date", "last_team", "siblings", "score", "wait", "status", "stage", "referred"];
const letNames = ["age", "rereferral", "eligible", "due_date", "back_to", "total", "band", "grace"];
const fieldPool: { name: string; kind: FieldType["kind"] | "inline" }[] = [
  { name: "open_case", kind: "yes/no" },
  { name: "child_age", kind: "number" },
  { name: "born", kind: "date" },
  { name: "waited", kind: "duration" },
  { name: "lead", kind: "team" },
  { name: "level", kind: "inline" },
];
const holidayPool = ["2025-12-29", "2026-01-02", "2025-08-26", "2026-04-07"];

/** Dates near each other, so comparisons with the dates in case records go both ways. */
export const datePool = ["2024-01-31", "2024-02-29", "2024-11-30", "2025-03-31", "2025-06-15", "2025-07-01", "2025-12-24", "2026-01-12", "2026-02-28", "2023-05-01"];

const stringPieces = ["a", "Team", " ", "'", "#", "(", "16+", '\\"', "\\\\", "\\n", "\\t", "\\u{1F600}", "é", "–", "…", "and", "rule"];
const stringText = fc.array(fc.constantFrom(...stringPieces), { maxLength: 6 }).map((pieces) => `"${pieces.join("")}"`);

// ---- small pieces ----

const one = (arbitrary: fc.Arbitrary<string>): fc.Arbitrary<Tokens> => arbitrary.map((token) => [token]);
const pick = (values: readonly string[]): fc.Arbitrary<Tokens> => one(fc.constantFrom(...values));
/** A subset of up to `maxLength` of the values, in their order. */
const someOf = <T>(values: readonly T[], maxLength: number): fc.Arbitrary<T[]> => fc.subarray([...values], { maxLength: Math.min(maxLength, values.length) });
const commaList = (items: Tokens[]): Tokens => items.flatMap((tokens, index) => (index === 0 ? tokens : [",", ...tokens]));
const list = (item: fc.Arbitrary<Tokens>, maxLength = 3): fc.Arbitrary<Tokens> => fc.array(item, { minLength: 1, maxLength }).map(commaList);
const uniqueList = (values: readonly string[], maxLength = 3): fc.Arbitrary<Tokens> =>
  fc.shuffledSubarray([...values], { minLength: 1, maxLength: Math.min(maxLength, values.length) }).map((chosen) => commaList(chosen.map((value) => [value])));

/** `arbitrary` one time in `1 + absent` (fast-check's `freq` only makes the value more likely). */
const rarely = <T>(arbitrary: fc.Arbitrary<T>, absent = 3): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: absent, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

const numberText = fc.oneof({ weight: 4, arbitrary: fc.nat(12).map(String) }, { weight: 1, arbitrary: fc.tuple(fc.nat(12), fc.integer({ min: 1, max: 9 })).map(([whole, part]) => `${whole}.${part}`) });
const dateText = fc.constantFrom(...datePool);

/** A duration literal: working days alone, or calendar units each at most once. */
export const durationLiteral: fc.Arbitrary<Tokens> = fc.oneof(
  fc.tuple(fc.nat(15), fc.boolean()).map(([amount, plural]) => [String(amount), "working", plural ? "days" : "day"]),
  fc
    .subarray(["year", "month", "week", "day"], { minLength: 1, maxLength: 2 })
    .chain((units) => fc.tuple(...units.map((unit) => fc.tuple(fc.nat(20), fc.boolean()).map(([amount, plural]) => [String(amount), plural ? `${unit}s` : unit]))))
    .map((parts) => parts.flat()),
);

// ---- expressions, by type ----

/** The names in scope, by type: facts, lets, and inside `where` the record's fields. */
interface Env {
  byKind: Map<ValueType["kind"], string[]>;
  enums: { name: string; values: readonly string[] }[];
  lists: { name: string; record: RecordDecl }[];
  teams: string[];
  events: string[];
  documents: string[];
}

function envOf(declarations: Pick<Declarations, "teams" | "events" | "documents">, named: { name: string; type: ValueType }[]): Env {
  const env: Env = { byKind: new Map(), enums: [], lists: [], teams: declarations.teams, events: [...declarations.events, "allocation"], documents: declarations.documents };
  return withNames(env, named);
}

function withNames(env: Env, named: readonly { name: string; type: ValueType }[]): Env {
  const byKind = new Map([...env.byKind].map(([kind, names]) => [kind, [...names]]));
  const enums = [...env.enums];
  const lists = [...env.lists];
  for (const { name, type } of named) {
    byKind.set(type.kind, [...(byKind.get(type.kind) ?? []), name]);
    if (type.kind === "enum") enums.push({ name, values: type.values });
    if (type.kind === "list") lists.push({ name, record: type.record });
  }
  return { ...env, byKind, enums, lists };
}

const namesOf = (env: Env, kind: ValueType["kind"]) => env.byKind.get(kind) ?? [];

type Weighted = fc.WeightedArbitrary<Tokens>;
const weighted = (weight: number, arbitrary: fc.Arbitrary<Tokens>): Weighted => ({ weight, arbitrary });
const choose = (options: (Weighted | undefined | false)[]): fc.Arbitrary<Tokens> =>
  fc.oneof(...options.filter((option): option is Weighted => option !== undefined && option !== false));
const paren = (tokens: Tokens): Tokens => ["(", ...tokens, ")"];

/** Typed expression generators for one scope; `depth` bounds nesting. */
class Expressions {
  /** Arbitraries already built, by method and depth: building them anew for each use is slow. */
  private readonly built = new Map<string, fc.Arbitrary<Tokens>>();

  constructor(private readonly env: Env) {}

  private memo(key: string, build: () => fc.Arbitrary<Tokens>): fc.Arbitrary<Tokens> {
    let arbitrary = this.built.get(key);
    if (arbitrary === undefined) {
      arbitrary = build();
      this.built.set(key, arbitrary);
    }
    return arbitrary;
  }

  /** A name of the kind, if the scope has one. */
  private name(kind: ValueType["kind"], weight = 3): Weighted | undefined {
    const names = namesOf(this.env, kind);
    return names.length > 0 ? weighted(weight, pick(names)) : undefined;
  }

  number(depth: number): fc.Arbitrary<Tokens> {
    return this.memo(`number${depth}`, () => this.buildNumber(depth));
  }

  private buildNumber(depth: number): fc.Arbitrary<Tokens> {
    const primary = choose([
      weighted(3, one(numberText)),
      this.name("number"),
      this.env.lists.length > 0 && weighted(1, pick(this.env.lists.map((entry) => entry.name)).map((name) => ["count", ...name])),
      depth > 0 && this.env.lists.length > 0 && weighted(1, this.aggregate("count", depth - 1).map(paren)),
      depth > 0 && weighted(1, this.number(depth - 1).map(paren)),
    ]);
    return fc
      .tuple(primary, fc.array(fc.tuple(fc.constantFrom("+", "-"), primary), { maxLength: depth > 0 ? 2 : 0 }))
      .map(([first, rest]) => [...first, ...rest.flatMap(([operator, operand]) => [operator, ...operand])]);
  }

  duration(): fc.Arbitrary<Tokens> {
    return this.memo("duration", () => choose([weighted(3, durationLiteral), this.name("duration", 1)]));
  }

  date(depth: number): fc.Arbitrary<Tokens> {
    return this.memo(`date${depth}`, () => this.buildDate(depth));
  }

  private buildDate(depth: number): fc.Arbitrary<Tokens> {
    const primary = choose([
      weighted(3, one(dateText)),
      this.name("date", 4),
      weighted(1, fc.constant(["today"])),
      weighted(2, pick(this.env.events).map((event) => ["date", "of", ...event])),
      depth > 0 && weighted(1, this.date(depth - 1).map(paren)),
    ]);
    return fc
      .tuple(primary, fc.array(fc.tuple(fc.constantFrom("+", "-"), this.duration()), { maxLength: depth > 0 ? 2 : 1 }))
      .map(([first, rest]) => [...first, ...rest.flatMap(([operator, operand]) => [operator, ...operand])]);
  }

  elapsed(depth: number): fc.Arbitrary<Tokens> {
    return this.memo(`elapsed${depth}`, () => this.buildElapsed(depth));
  }

  private buildElapsed(depth: number): fc.Arbitrary<Tokens> {
    return choose([weighted(3, this.date(depth).map((date) => ["time", "since", ...date])), this.name("elapsed", 2)]);
  }

  team(): fc.Arbitrary<Tokens> {
    return this.memo("team", () => choose([weighted(2, fc.constant(["current", "team"])), this.name("team", 2)]));
  }

  /** `count xs where C`, `any xs where C`, `all xs where C`: the condition sees the record's fields. */
  aggregate(word: "count" | "any" | "all", depth: number): fc.Arbitrary<Tokens> {
    return this.memo(`${word}${depth}`, () =>
      fc.oneof(
        ...this.env.lists.map(({ name, record }) => {
          this.inner ??= new Expressions(withNames(this.env, record.fields));
          return this.inner.condition(depth).map((where) => [word, name, "where", ...where]);
        }),
      ),
    );
  }

  /** The scope inside `where`: every list in a program has the same record type. */
  private inner: Expressions | undefined;

  /** `subject is [not] value` or `subject is [not] one of values`, for a subject of any type that has values. */
  private is(subject: fc.Arbitrary<Tokens>, value: fc.Arbitrary<Tokens>): fc.Arbitrary<Tokens> {
    return fc.oneof(
      fc.tuple(subject, fc.boolean(), value).map(([left, negated, right]) => [...left, "is", ...(negated ? ["not"] : []), ...right]),
      fc.tuple(subject, fc.boolean(), list(value)).map(([left, negated, values]) => [...left, "is", ...(negated ? ["not"] : []), "one", "of", ...values]),
    );
  }

  /** A yes/no expression at the level of a comparison (no `and`, `or` or `not` outside brackets). */
  comparison(depth: number): fc.Arbitrary<Tokens> {
    return this.memo(`comparison${depth}`, () => this.buildComparison(depth));
  }

  private buildComparison(depth: number): fc.Arbitrary<Tokens> {
    const compare = fc.constantFrom("<", "<=", ">", ">=");
    const env = this.env;
    return choose([
      this.name("yes/no", 4),
      weighted(1, pick(["yes", "no"])),
      weighted(3, fc.tuple(this.number(depth), compare, this.number(depth)).map(([left, operator, right]) => [...left, operator, ...right])),
      weighted(2, fc.tuple(this.date(depth), compare, this.date(depth)).map(([left, operator, right]) => [...left, operator, ...right])),
      weighted(
        3,
        fc
          .tuple(this.elapsed(depth), compare, this.duration(), fc.boolean())
          .map(([elapsed, operator, duration, flipped]) => (flipped ? [...duration, operator, ...elapsed] : [...elapsed, operator, ...duration])),
      ),
      env.enums.length > 0 &&
        weighted(
          4,
          fc.oneof(...env.enums.map((subject) => this.is(fc.constant([subject.name]), pick(subject.values)))),
        ),
      weighted(2, this.is(this.team(), pick(env.teams))),
      namesOf(env, "yes/no").length > 0 && weighted(1, this.is(pick(namesOf(env, "yes/no")), pick(["yes", "no"]))),
      weighted(1, this.is(this.number(depth), this.number(0))),
      weighted(1, this.is(this.date(0), one(dateText))),
      weighted(2, fc.tuple(pick(env.events), fc.constantFrom("held", "scheduled")).map(([event, word]) => [...event, word])),
      env.documents.length > 0 && weighted(2, pick(env.documents).map((document) => [...document, "complete"])),
      depth > 0 && env.lists.length > 0 && weighted(2, this.aggregate("any", depth - 1).map(paren)),
      depth > 0 && env.lists.length > 0 && weighted(1, this.aggregate("all", depth - 1).map(paren)),
      depth > 0 && weighted(1, this.condition(depth - 1).map(paren)),
    ]);
  }

  /** A yes/no condition: `and`/`or` chains (one operator each, brackets around inner chains), `not`. */
  condition(depth: number): fc.Arbitrary<Tokens> {
    return this.memo(`condition${depth}`, () => this.buildCondition(depth));
  }

  private buildCondition(depth: number): fc.Arbitrary<Tokens> {
    const negation = fc.tuple(fc.nat({ max: 2 }), this.comparison(depth)).map(([nots, comparison]) => [...Array<string>(nots).fill("not"), ...comparison]);
    if (depth === 0) return negation;
    const operand = fc.oneof({ weight: 4, arbitrary: negation }, { weight: 1, arbitrary: this.condition(depth - 1).map(paren) });
    return fc.oneof(
      { weight: 2, arbitrary: negation },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.constantFrom("and", "or"), operand, fc.array(operand, { minLength: 1, maxLength: 3 }))
          .map(([operator, first, rest]) => [...first, ...rest.flatMap((tokens) => [operator, ...tokens])]),
      },
    );
  }

  /** An expression of the type, for a `let`. */
  of(type: ValueType, depth: number): fc.Arbitrary<Tokens> {
    switch (type.kind) {
      case "yes/no":
        return this.condition(depth);
      case "number":
        return this.number(depth);
      case "date":
        return this.date(depth);
      case "duration":
        return this.duration();
      case "elapsed":
        return this.elapsed(depth);
      case "team":
        return this.team();
      case "enum":
      case "list":
        throw new Error(`no ${type.kind} expressions: lets of that type name a fact`);
    }
  }
}

// ---- declarations ----

interface Skeleton {
  name: string;
  title: Tokens;
  teams: string[];
  panels: string[];
  events: string[];
  documents: string[];
  enums: { name: string; values: string[] }[];
  record: RecordDecl | undefined;
  facts: { name: string; type: ValueType }[];
  letKinds: { name: string; kind: "yes/no" | "number" | "date" | "duration" | "elapsed" | "team" | "copy" }[];
  headerClauses: { version?: Tokens; effective?: string; calendar?: string; notice?: Tokens; otherwise?: "remain" | "refer"; source?: Tokens };
  holidays: string[];
  ruleCount: number;
  testCount: number;
  conflictsAllowed: boolean;
}

const fieldType = (kind: FieldType["kind"] | "inline", values: string[]): FieldType =>
  kind === "inline" ? { kind: "enum", values } : kind === "enum" ? { kind: "enum", values } : ({ kind } as FieldType);

/** Types a fact can be given, before knowing which enumerations and records exist. */
const factKinds = ["yes/no", "yes/no", "number", "date", "date", "duration", "team", "enum", "enum", "inline", "list"] as const;

const skeleton: fc.Arbitrary<Skeleton> = fc
  .record({
    name: fc.constantFrom("Hillingdon", "Generated", "P"),
    title: fc.option(one(stringText), { nil: undefined }),
    teams: fc.shuffledSubarray(teamPool, { minLength: 1, maxLength: 4 }),
    panels: fc.subarray(panelPool),
    events: fc.subarray(eventPool),
    documents: fc.subarray(documentPool),
    enums: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 2 }),
    enumSubsets: fc.tuple(fc.subarray(enumValuePools[0]!, { minLength: 1 }), fc.subarray(enumValuePools[1]!, { minLength: 1 })),
    inlineValues: fc.subarray(inlineValuePool, { minLength: 1 }),
    record: fc.option(fc.subarray(fieldPool, { minLength: 1, maxLength: 4 }), { nil: undefined }),
    facts: fc.uniqueArray(fc.tuple(fc.constantFrom(...factNames), fc.constantFrom(...factKinds), fc.nat(1)), { selector: ([name]) => name, maxLength: 7 }),
    letKinds: fc.uniqueArray(fc.tuple(fc.constantFrom(...letNames), fc.constantFrom("yes/no", "yes/no", "number", "date", "duration", "elapsed", "team", "copy") as fc.Arbitrary<Skeleton["letKinds"][number]["kind"]>), {
      selector: ([name]) => name,
      maxLength: 4,
    }),
    version: fc.option(one(stringText), { nil: undefined }),
    effective: fc.option(dateText, { nil: undefined }),
    calendar: fc.option(fc.constantFrom("england-and-wales", "scotland", "northern-ireland", "none"), { nil: undefined }),
    notice: rarely(durationLiteral),
    otherwise: fc.option(fc.constantFrom<"remain" | "refer">("remain", "refer"), { nil: undefined }),
    source: fc.option(one(stringText), { nil: undefined }),
    holidays: someOf(holidayPool, 2),
    ruleCount: fc.integer({ min: 1, max: 6 }),
    testCount: fc.nat(2),
    conflictsAllowed: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  })
  .map((drawn): Skeleton => {
    const enums = drawn.enums.map((_, index) => ({ name: enumTypeNames[index]!, values: drawn.enumSubsets[index]! }));
    const record: RecordDecl | undefined =
      drawn.record && { name: "Sibling", fields: drawn.record.map((field) => ({ name: field.name, type: fieldType(field.kind, drawn.inlineValues) })) };
    const facts = drawn.facts.map(([name, kind, which]): { name: string; type: ValueType } => {
      if (kind === "enum") {
        const named = enums[which % Math.max(1, enums.length)];
        return { name, type: named ? { kind: "enum", values: named.values } : { kind: "yes/no" } };
      }
      if (kind === "inline") return { name, type: { kind: "enum", values: drawn.inlineValues } };
      if (kind === "list") return { name, type: record ? { kind: "list", record } : { kind: "number" } };
      return { name, type: { kind } };
    });
    const otherwise = drawn.otherwise === "refer" && drawn.panels.length === 0 ? "remain" : drawn.otherwise;
    return {
      name: drawn.name,
      title: drawn.title ?? [],
      teams: drawn.teams,
      panels: drawn.panels,
      events: drawn.events,
      documents: drawn.documents,
      enums,
      record,
      facts,
      letKinds: drawn.letKinds.filter(([name]) => !facts.some((fact) => fact.name === name)).map(([name, kind]) => ({ name, kind })),
      headerClauses: {
        ...(drawn.version ? { version: drawn.version } : {}),
        ...(drawn.effective ? { effective: drawn.effective } : {}),
        ...(drawn.calendar ? { calendar: drawn.calendar } : {}),
        ...(drawn.notice ? { notice: drawn.notice } : {}),
        ...(otherwise ? { otherwise } : {}),
        ...(drawn.source ? { source: drawn.source } : {}),
      },
      holidays: drawn.holidays,
      ruleCount: drawn.ruleCount,
      testCount: drawn.testCount,
      conflictsAllowed: drawn.conflictsAllowed,
    };
  });

/** How a declared type is written. */
function typeTokens(type: ValueType, enums: Skeleton["enums"]): Tokens {
  switch (type.kind) {
    case "enum": {
      const named = enums.find((candidate) => candidate.values === type.values);
      return named ? [named.name] : ["one", "of", ...commaList(type.values.map((value) => [value]))];
    }
    case "list":
      return ["list", "of", type.record.name];
    case "elapsed":
      throw new Error("no fact is an elapsed time");
    default:
      return [type.kind];
  }
}

const label = fc.option(one(stringText), { nil: undefined }).map((tokens) => tokens ?? []);


/** A timing: `immediately`, `at EVENT`, `on DATE`, `within D of X`, `D after X`, `D before X`. */
function timing(expressions: Expressions, env: Env): fc.Arbitrary<Tokens> {
  const anchor = fc.oneof(pick(env.events), expressions.date(1));
  return fc.oneof(
    fc.constant<Tokens>(["immediately"]),
    pick(env.events).map((event) => ["at", ...event]),
    expressions.date(1).map((date) => ["on", ...date]),
    fc.tuple(expressions.duration(), anchor).map(([duration, at]) => ["within", ...duration, "of", ...at]),
    fc.tuple(expressions.duration(), fc.constantFrom("after", "before"), anchor).map(([duration, word, at]) => [...duration, word, ...at]),
  );
}

function rule(skeleton: Skeleton, expressions: Expressions, env: Env, index: number, names: string[]): fc.Arbitrary<Line[]> {
  const targets = [...skeleton.teams, ...namesOf(env, "team")];
  const anchor = fc.oneof(pick(env.events), expressions.date(1));
  const transfer = fc
    .tuple(
      fc.option(uniqueList(skeleton.teams), { nil: undefined }),
      fc.constantFrom(...targets),
      timing(expressions, env),
      rarely(
        fc.oneof(
          anchor.map((at) => ["joint", "work", "from", ...at]),
          fc.tuple(expressions.duration(), anchor).map(([duration, at]) => ["joint", "work", ...duration, "before", ...at]),
        ),
      ),
      rarely(timing(expressions, env).map((when) => ["request", ...when]), 2),
    )
    .map(([from, target, when, joint, request]) => ({
      action: ["transfer", ...(from ? ["from", ...from] : []), "to", target, ...when, ...(joint ?? [])],
      request,
    }));
  const other = fc.oneof(
    fc.option(pick(skeleton.teams), { nil: undefined }).map((team) => ["remain", ...(team ? ["with", ...team] : [])]),
    ...(skeleton.panels.length > 0 ? [pick(skeleton.panels).map((panel) => ["refer", "to", ...panel])] : []),
  );
  const action = fc.oneof({ weight: 3, arbitrary: transfer }, { weight: 1, arbitrary: other.map((tokens) => ({ action: tokens, request: undefined })) });
  const earlier = names.slice(0, index);
  const exceptions: fc.Arbitrary<string[]> =
    index === 0
      ? fc.constant([])
      : skeleton.conflictsAllowed
        ? someOf(earlier, 2)
        : someOf(earlier.slice(0, -1), 2).map((others) => [earlier[earlier.length - 1]!, ...others]);
  return fc
    .tuple(
      fc.option(one(stringText).map((text) => ["source", ...text]), { nil: undefined, freq: 4 }),
      exceptions,
      fc.option(expressions.condition(2).map((condition) => ["when", ...condition]), { nil: undefined, freq: 6 }),
      fc.option(expressions.condition(1).map((condition) => ["unless", ...condition]), { nil: undefined }),
      action,
      skeleton.documents.length > 0 ? fc.option(uniqueList(skeleton.documents).map((documents) => ["requires", ...documents]), { nil: undefined }) : fc.constant(undefined),
      fc.option(one(stringText).map((text) => ["because", ...text]), { nil: undefined }),
    )
    .map(([source, exceptionTo, when, unless, { action: actionTokens, request }, requires, because]) => {
      const clauses = [
        source,
        exceptionTo.length > 0 ? ["exception", "to", ...commaList(exceptionTo.map((name) => [name]))] : undefined,
        when,
        unless,
        actionTokens,
        request,
        requires,
        because,
      ];
      return [{ level: 0, tokens: ["rule", names[index]!] }, ...clauses.filter((clause): clause is Tokens => clause !== undefined).map((tokens) => ({ level: 1, tokens }))];
    });
}

/** A value written in a test's `given` line, of the fact's type. */
function givenValue(type: ValueType, teams: string[]): fc.Arbitrary<Tokens> {
  switch (type.kind) {
    case "yes/no":
      return pick(["yes", "no"]);
    case "number":
      return one(numberText);
    case "date":
      return one(dateText);
    case "duration":
      return durationLiteral;
    case "team":
      return pick(teams);
    case "enum":
      return pick(type.values);
    case "elapsed":
      throw new Error("an elapsed time is never given");
    case "list": {
      const record = someOf(type.record.fields, 3)
        .chain((fields) => (fields.length === 0 ? fc.constant<Tokens[]>([]) : fc.tuple(...fields.map((field) => givenValue(field.type, teams).map((value) => [field.name, "=", ...value])))))
        .map((fields) => ["{", ...commaList(fields), "}"]);
      return fc.array(record, { maxLength: 3 }).map((records) => ["[", ...commaList(records), "]"]);
    }
  }
}

function testBlock(skeleton: Skeleton, name: string, ruleNames: string[]): fc.Arbitrary<Line[]> {
  const events = [...skeleton.events, "allocation"];
  const given = fc
    .tuple(
      someOf(skeleton.facts, 4).chain((facts) => (facts.length === 0 ? fc.constant<Tokens[]>([]) : fc.tuple(...facts.map((fact) => givenValue(fact.type, skeleton.teams).map((value) => [fact.name, "=", ...value]))))),
      someOf(events, 2).chain((chosen) =>
        chosen.length === 0 ? fc.constant<Tokens[]>([]) : fc.tuple(...chosen.map((event) => fc.tuple(fc.constantFrom("held", "scheduled"), dateText).map(([state, date]) => [event, state, "on", date]))),
      ),
      someOf(skeleton.documents, 2).map((documents) => documents.map((document) => [document, "complete"])),
    )
    .map(([facts, eventItems, documents]) => [...facts, ...eventItems, ...documents]);
  const outcome = fc.oneof(
    fc.tuple(pick(skeleton.teams), fc.option(dateText, { nil: undefined }), fc.option(dateText, { nil: undefined })).map(([team, due, by]) => ["transfer", "to", ...team, ...(due ? ["on", due] : []), ...(by ? ["request", "by", by] : [])]),
    fc.option(pick(skeleton.teams), { nil: undefined }).map((team) => ["remain", ...(team ? ["with", ...team] : [])]),
    ...(skeleton.panels.length > 0 ? [pick(skeleton.panels).map((panel) => ["refer", "to", ...panel])] : []),
    fc.constant(["no", "rule"]),
    fc.constant(["conflict"]),
  );
  const extra = fc.oneof(
    ...(skeleton.facts.length > 0 ? [uniqueList(skeleton.facts.map((fact) => fact.name)).map((facts) => ["needs", ...facts])] : []),
    ...(skeleton.documents.length > 0 ? [uniqueList(skeleton.documents).map((documents) => ["missing", ...documents])] : []),
    fc.constantFrom(...ruleNames).map((rule) => ["rule", rule]),
  );
  return fc
    .tuple(dateText, pick(skeleton.teams), given, fc.option(outcome, { nil: undefined, freq: 5 }), fc.array(extra, { maxLength: 1 }))
    .map(([today, team, items, expected, extras]) => {
      const expectations = [...(expected ? [expected] : []), ...extras];
      if (expectations.length === 0) expectations.push(["no", "rule"]);
      // Each given line holds up to three items.
      const givenLines: Tokens[] = [];
      for (let i = 0; i < items.length; i += 3) givenLines.push(["given", ...commaList(items.slice(i, i + 3))]);
      const lines: Tokens[] = [["today", today], ["team", ...team], ...givenLines, ...expectations.map((expectation) => ["expect", ...expectation])];
      return [{ level: 0, tokens: ["test", name] }, ...lines.map((tokens) => ({ level: 1, tokens }))];
    });
}

function program(skeleton: Skeleton): fc.Arbitrary<ValidProgram> {
  const declarations: Declarations = {
    teams: skeleton.teams,
    panels: skeleton.panels,
    events: skeleton.events,
    documents: skeleton.documents,
    facts: skeleton.facts,
    lets: [],
    rules: [],
  };
  // Lets in order: each sees the facts and the lets before it, so there is never a cycle.
  let env = envOf(declarations, skeleton.facts);
  const lets: fc.Arbitrary<Tokens>[] = [];
  for (const { name, kind } of skeleton.letKinds) {
    const expressions = new Expressions(env);
    let type: ValueType;
    if (kind === "copy") {
      // `let band = plan`: a let of an enumeration (or any fact's) type.
      const source = skeleton.facts.find((fact) => fact.type.kind !== "list");
      if (source === undefined) continue;
      type = source.type;
      lets.push(fc.constant(["let", name, "=", source.name]));
    } else {
      type = { kind } as ValueType;
      lets.push(expressions.of(type, 2).map((value) => ["let", name, "=", ...value]));
    }
    declarations.lets.push({ name, type });
    env = withNames(env, [{ name, type }]);
  }
  const expressions = new Expressions(env);
  return fc
    .tuple(
      fc.array(stringText, { minLength: skeleton.ruleCount, maxLength: skeleton.ruleCount }),
      fc.array(stringText, { minLength: skeleton.testCount, maxLength: skeleton.testCount }),
      lets.length === 0 ? fc.constant<Tokens[]>([]) : fc.tuple(...lets),
    )
    .chain(([ruleNames, testNames, letTokens]) => {
      // Rule names must differ once their escapes are read, so a counter goes first.
      const names = ruleNames.map((name, index) => `"R${index} ${name.slice(1)}`);
      const rules = names.map((_, index) => rule(skeleton, expressions, env, index, names));
      const tests = testNames.map((name, index) => testBlock(skeleton, `"T${index} ${name.slice(1)}`, names));
      return fc.tuple(fc.tuple(...rules), tests.length === 0 ? fc.constant<Line[][]>([]) : fc.tuple(...tests), fc.constant(letTokens), fc.constant(names.map(decodeString)));
    })
    .chain(([rules, tests, letTokens, ruleValues]) => {
      const header: Line[] = [
        { level: 0, tokens: ["protocol", skeleton.name, ...skeleton.title] },
        ...Object.entries(skeleton.headerClauses).map(([word, value]) => ({
          level: 1,
          tokens:
            word === "otherwise"
              ? value === "remain"
                ? ["otherwise", "remain"]
                : ["otherwise", "refer", "to", skeleton.panels[0]!]
              : [word, ...(Array.isArray(value) ? value : [value as string])],
        })),
      ];
      const simple: Line[][] = [
        ...skeleton.teams.map((team) => [team, ["team", team]] as const),
        ...skeleton.panels.map((panel) => [panel, ["panel", panel]] as const),
        ...skeleton.events.map((event) => [event, ["event", event]] as const),
        ...skeleton.documents.map((document) => [document, ["document", document]] as const),
        ...skeleton.holidays.map((date) => [date, ["holiday", date]] as const),
      ].map(([, tokens]) => [{ level: 0, tokens: [...tokens] }]);
      const types: Line[][] = [
        ...skeleton.enums.map((type) => [{ level: 0, tokens: ["type", type.name, ":", "one", "of", ...commaList(type.values.map((value) => [value]))] }]),
        ...(skeleton.record
          ? [
              [
                { level: 0, tokens: ["type", skeleton.record.name, ":", "record"] },
                ...skeleton.record.fields.map((field) => ({ level: 1, tokens: [field.name, ":", ...typeTokens(field.type, skeleton.enums)] })),
              ],
            ]
          : []),
      ];
      const facts: Line[][] = skeleton.facts.map((fact) => [{ level: 0, tokens: ["fact", fact.name, ":", ...typeTokens(fact.type, skeleton.enums)] }]);
      const letLines: Line[][] = letTokens.map((tokens) => [{ level: 0, tokens }]);
      const body = [...simple, ...types, ...facts, ...letLines, ...rules, ...tests];
      // Labels on the simple declarations and descriptions on facts and fields, some of the time.
      return fc.tuple(
        fc.array(label, { minLength: body.length, maxLength: body.length }),
        fc.shuffledSubarray(
          body.map((_, index) => index),
          { minLength: body.length, maxLength: body.length },
        ),
      ).map(([labels, order]) => {
        const labelled = body.map((lines, index) => {
          const first = lines[0]!;
          const word = first.tokens[0]!;
          // A team needs its label when it follows a test (docs/language.md, "A team declared after a test").
          const text = word === "team" && labels[index]!.length === 0 ? ['"Team"'] : labels[index]!;
          if (["team", "panel", "event", "document", "holiday", "fact"].includes(word)) return [{ ...first, tokens: [...first.tokens, ...text] }, ...lines.slice(1)];
          return lines;
        });
        // Counting working days needs a calendar.
        const working = [...body, header].some((lines) => lines.some((line) => line.tokens.includes("working")));
        const withCalendar = working && skeleton.headerClauses.calendar === undefined ? [...header, { level: 1, tokens: ["calendar", "england-and-wales"] }] : header;
        return { lines: [withCalendar, ...order.map((index) => labelled[index]!)], declarations: { ...declarations, rules: ruleValues }, conflictsAllowed: skeleton.conflictsAllowed };
      });
    });
}

/** A string literal's value (the generator's escapes only). */
export function decodeString(literal: string): string {
  return literal
    .slice(1, -1)
    .replace(/\\u\{([0-9A-Fa-f]+)\}|\\(.)/g, (_, hex: string | undefined, char: string) =>
      hex !== undefined ? String.fromCodePoint(parseInt(hex, 16)) : char === "n" ? "\n" : char === "t" ? "\t" : char,
    );
}

/** A valid program: declarations and rules that check without errors (but see `conflictsAllowed`). */
export const validProgram: fc.Arbitrary<ValidProgram> = skeleton.chain(program);
