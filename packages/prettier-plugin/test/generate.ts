// A fast-check generator of syntactically valid Baton programs, in random layouts with comments.
//
// Programs are built from the grammar (spec sections 3 to 7) as lines of tokens; a layout then
// joins the tokens with random spacing, breaks some lines at random points (line breaks are
// insignificant in Baton), adds blank lines, and puts comments on lines of their own and at the
// ends of lines. The programs need not make sense to the checker: only the parser reads them.
import fc from "fast-check";

/** One line of the program as written canonically: its tokens and its indentation level. */
export interface Line {
  level: number;
  tokens: string[];
}

type Tokens = string[];

const names = ["RAT", "CIN", "plan", "age", "proceedings", "children", "status", "date_of_birth", "review", "chronology", "x_1", "none", "Panel"];
const name = fc.constantFrom(...names);
const numberText = fc.oneof(
  fc.nat(400).map(String),
  fc.tuple(fc.nat(99), fc.nat(99)).map(([whole, part]) => `${whole}.${part}`),
);
const dateText = fc.constantFrom("2026-01-31", "2024-02-29", "2000-12-01", "2026-07-04");
const stringPiece = fc.constantFrom("a", "Team", " ", "'", "#", "(", "16+", "\\\"", "\\\\", "\\n", "\\t", "\\u{1F600}", "é", "–", "…");
const stringText = fc.array(stringPiece, { maxLength: 10 }).map((pieces) => `"${pieces.join("")}"`);

/** A valid duration: working days alone, or calendar units each at most once. */
const duration: fc.Arbitrary<Tokens> = fc.oneof(
  fc.tuple(fc.nat(20), fc.constantFrom("working day", "working days")).map(([amount, unit]) => [String(amount), ...unit.split(" ")]),
  fc
    .subarray(["year", "month", "week", "day"], { minLength: 1 })
    .chain((units) => fc.tuple(...units.map((unit) => fc.tuple(fc.nat(30), fc.boolean()).map(([amount, plural]) => [String(amount), plural ? `${unit}s` : unit]))))
    .map((parts) => parts.flat()),
);

const list = <T extends Tokens>(item: fc.Arbitrary<T>, maxLength = 4): fc.Arbitrary<Tokens> =>
  fc.array(item, { minLength: 1, maxLength }).map((items) => items.flatMap((tokens, index) => (index === 0 ? tokens : [",", ...tokens])));

/** A fixed run of tokens. */
const words = (...tokens: string[]): fc.Arbitrary<Tokens> => fc.constant(tokens);

const one = (arbitrary: fc.Arbitrary<string>): fc.Arbitrary<Tokens> => arbitrary.map((token) => [token]);

// ---- expressions (spec section 4), by precedence level ----

const expressions = fc.letrec<{ condition: Tokens; negation: Tokens; comparison: Tokens; additive: Tokens; primary: Tokens }>((tie) => ({
  condition: fc.oneof(
    { depthSize: "small", maxDepth: 3, depthIdentifier: "expression" },
    tie("negation"),
    fc
      .tuple(tie("negation"), fc.array(fc.tuple(fc.constantFrom("and", "or"), tie("negation")), { minLength: 1, maxLength: 5 }), fc.boolean())
      .map(([first, rest, mixed]) => {
        // Usually one operator throughout; sometimes a mix (a checker error, but it still parses).
        const operator = rest[0]![0];
        return [...first, ...rest.flatMap(([word, operand]) => [mixed ? word : operator, ...operand])];
      }),
  ),
  negation: fc.tuple(fc.nat({ max: 2 }), tie("comparison")).map(([nots, comparison]) => [...Array<string>(nots).fill("not"), ...comparison]),
  comparison: fc.oneof(
    { depthSize: "small", maxDepth: 3, depthIdentifier: "expression" },
    tie("additive"),
    fc.tuple(tie("additive"), fc.constantFrom("<", "<=", ">", ">="), tie("additive")).map(([left, operator, right]) => [...left, operator, ...right]),
    fc.tuple(tie("additive"), fc.boolean(), tie("additive")).map(([subject, negated, value]) => [...subject, "is", ...(negated ? ["not"] : []), ...value]),
    fc
      .tuple(tie("additive"), fc.boolean(), list(tie("additive"), 3))
      .map(([subject, negated, values]) => [...subject, "is", ...(negated ? ["not"] : []), "one", "of", ...values]),
    fc.tuple(tie("additive"), fc.constantFrom("held", "scheduled", "complete")).map(([subject, word]) => [...subject, word]),
  ),
  additive: fc
    .tuple(tie("primary"), fc.array(fc.tuple(fc.constantFrom("+", "-"), tie("primary")), { maxLength: 2 }))
    .map(([first, rest]) => [...first, ...rest.flatMap(([operator, operand]) => [operator, ...operand])]),
  primary: fc.oneof(
    { depthSize: "small", maxDepth: 3, depthIdentifier: "expression" },
    one(name),
    one(numberText),
    duration,
    one(dateText),
    one(fc.constantFrom("yes", "no", "today")),
    words("current", "team"),
    name.map((event) => ["date", "of", event]),
    tie("additive").map((operand) => ["time", "since", ...operand]),
    fc.tuple(fc.constantFrom("count", "any", "all"), name, fc.option(tie("condition"), { nil: undefined })).map(([word, items, where]) => [word, items, ...(where ? ["where", ...where] : [])]),
    tie("condition").map((inner) => ["(", ...inner, ")"]),
  ),
}));

const condition = expressions.condition;
const additive = expressions.additive;

// ---- declarations (spec section 3) ----

const typeRef: fc.Arbitrary<Tokens> = fc.oneof(
  one(fc.constantFrom("yes/no", "number", "date", "duration", "team")),
  list(one(name)).map((values) => ["one", "of", ...values]),
  one(name),
  name.map((element) => ["list", "of", element]),
);

const label = fc.option(one(stringText), { nil: undefined }).map((tokens) => tokens ?? []);

const header: fc.Arbitrary<Line[]> = fc
  .tuple(
    name,
    label,
    fc.array(
      fc.oneof(
        one(stringText).map((value) => ["version", ...value]),
        one(dateText).map((date) => ["effective", ...date]),
        fc.constantFrom("england-and-wales", "scotland", "northern-ireland", "none").map((calendar) => ["calendar", calendar]),
        duration.map((value) => ["notice", ...value]),
        fc.oneof(words("otherwise", "remain"), name.map((panel) => ["otherwise", "refer", "to", panel])),
        one(stringText).map((text) => ["source", ...text]),
      ),
      { maxLength: 6 },
    ),
  )
  .map(([protocolName, title, clauses]) => [{ level: 0, tokens: ["protocol", protocolName, ...title] }, ...clauses.map((tokens) => ({ level: 1, tokens }))]);

const oneLine = (arbitrary: fc.Arbitrary<Tokens>): fc.Arbitrary<Line[]> => arbitrary.map((tokens) => [{ level: 0, tokens }]);

const simpleDeclaration: fc.Arbitrary<Line[]> = fc.oneof(
  oneLine(fc.tuple(fc.constantFrom("team", "panel", "event", "document"), name, label).map(([word, id, text]) => [word, id, ...text])),
  oneLine(fc.tuple(dateText, label).map(([date, text]) => ["holiday", date, ...text])),
  oneLine(fc.tuple(name, list(one(name), 6)).map(([id, values]) => ["type", id, ":", "one", "of", ...values])),
  fc
    .tuple(name, fc.array(fc.tuple(name, typeRef, label), { maxLength: 3 }))
    .map(([id, fields]) => [
      { level: 0, tokens: ["type", id, ":", "record"] },
      ...fields.map(([field, type, text]) => ({ level: 1, tokens: [field, ":", ...type, ...text] })),
    ]),
  oneLine(fc.tuple(name, typeRef, label).map(([id, type, text]) => ["fact", id, ":", ...type, ...text])),
  oneLine(fc.tuple(name, condition).map(([id, value]) => ["let", id, "=", ...value])),
);

// ---- rules (spec section 5) ----

const anchor = additive;
const timing: fc.Arbitrary<Tokens> = fc.oneof(
  words("immediately"),
  name.map((event) => ["at", event]),
  anchor.map((date) => ["on", ...date]),
  fc.tuple(duration, anchor).map(([value, at]) => ["within", ...value, "of", ...at]),
  fc.tuple(duration, fc.constantFrom("after", "before"), anchor).map(([value, word, at]) => [...value, word, ...at]),
);

const action: fc.Arbitrary<Tokens> = fc.oneof(
  fc
    .tuple(
      fc.option(list(one(name), 3), { nil: undefined }),
      name,
      timing,
      fc.option(
        fc.oneof(
          anchor.map((at) => ["joint", "work", "from", ...at]),
          fc.tuple(duration, anchor).map(([value, at]) => ["joint", "work", ...value, "before", ...at]),
        ),
        { nil: undefined },
      ),
    )
    .map(([from, target, when, joint]) => ["transfer", ...(from ? ["from", ...from] : []), "to", target, ...when, ...(joint ?? [])]),
  fc.option(name, { nil: undefined }).map((team) => ["remain", ...(team ? ["with", team] : [])]),
  name.map((panel) => ["refer", "to", panel]),
);

const rule: fc.Arbitrary<Line[]> = fc
  .tuple(
    one(stringText),
    fc.option(one(stringText).map((text) => ["source", ...text]), { nil: undefined }),
    fc.option(list(one(stringText), 3).map((rules) => ["exception", "to", ...rules]), { nil: undefined }),
    fc.option(condition.map((value) => ["when", ...value]), { nil: undefined }),
    fc.option(condition.map((value) => ["unless", ...value]), { nil: undefined }),
    action,
    fc.option(timing.map((when) => ["request", ...when]), { nil: undefined }),
    fc.option(list(one(name), 6).map((documents) => ["requires", ...documents]), { nil: undefined }),
    fc.option(one(stringText).map((text) => ["because", ...text]), { nil: undefined }),
  )
  .map(([ruleName, ...clauses]) => [
    { level: 0, tokens: ["rule", ...ruleName] },
    ...clauses.filter((clause): clause is Tokens => clause !== undefined).map((tokens) => ({ level: 1, tokens })),
  ]);

// ---- tests (spec section 7) ----

const value: fc.Arbitrary<Tokens> = fc.oneof(
  one(fc.constantFrom("yes", "no")),
  one(numberText),
  duration,
  one(dateText),
  one(name),
  fc
    .array(
      fc.array(fc.tuple(name, fc.oneof(one(fc.constantFrom("yes", "no")), one(numberText), one(name))), { maxLength: 3 }).map((fields) => [
        "{",
        ...fields.flatMap(([field, fieldValue], index) => [...(index > 0 ? [","] : []), field, "=", ...fieldValue]),
        "}",
      ]),
      { maxLength: 4 },
    )
    .map((records) => ["[", ...records.flatMap((record, index) => [...(index > 0 ? [","] : []), ...record]), "]"]),
);

const givenItem: fc.Arbitrary<Tokens> = fc.oneof(
  fc.tuple(name, value).map(([fact, given]) => [fact, "=", ...given]),
  fc.tuple(name, fc.constantFrom("held", "scheduled"), dateText).map(([event, state, date]) => [event, state, "on", date]),
  name.map((document) => [document, "complete"]),
);

const expectation: fc.Arbitrary<Tokens> = fc.oneof(
  fc
    .tuple(name, fc.option(dateText, { nil: undefined }), fc.option(dateText, { nil: undefined }))
    .map(([team, due, by]) => ["transfer", "to", team, ...(due ? ["on", due] : []), ...(by ? ["request", "by", by] : [])]),
  fc.option(name, { nil: undefined }).map((team) => ["remain", ...(team ? ["with", team] : [])]),
  name.map((panel) => ["refer", "to", panel]),
  words("no", "rule"),
  words("conflict"),
  list(one(name), 5).map((facts) => ["needs", ...facts]),
  list(one(name), 5).map((documents) => ["missing", ...documents]),
  one(stringText).map((ruleName) => ["rule", ...ruleName]),
);

const testLine: fc.Arbitrary<Tokens> = fc.oneof(
  one(dateText).map((date) => ["today", ...date]),
  name.map((team) => ["team", team]),
  list(givenItem, 5).map((items) => ["given", ...items]),
  expectation.map((expected) => ["expect", ...expected]),
);

const test: fc.Arbitrary<Line[]> = fc
  .tuple(one(stringText), fc.array(testLine, { maxLength: 6 }))
  .map(([testName, lines]) => [{ level: 0, tokens: ["test", ...testName] }, ...lines.map((tokens) => ({ level: 1, tokens }))]);

/** A whole program: a header, then declarations of every kind in any order. */
export const program: fc.Arbitrary<Line[][]> = fc
  .tuple(header, fc.array(fc.oneof({ weight: 3, arbitrary: simpleDeclaration }, { weight: 2, arbitrary: rule }, { weight: 1, arbitrary: test }), { maxLength: 8 }))
  .map(([first, rest]) => [first, ...rest]);

// ---- layout ----

/** A small seeded random number generator (mulberry32), so a layout is reproducible from its seed: a whole number below `below`. */
export function random(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % 4294967296) % below;
  };
}

const commentWords = ["note", "TODO", "#", "and", "or", "\"quoted\"", "(", ")", "rule", "é", "–", "x  "];

/** Writes a program out in a random layout: spacing, line breaks, blank lines and comments. */
export function layOut(declarations: Line[][], seed: number): string {
  const next = random(seed);
  let counter = 0;
  const comment = () => {
    const words = Array.from({ length: next(4) }, () => commentWords[next(commentWords.length)]!);
    return `#${next(3) === 0 ? "" : " "}${words.join(" ")} c${counter++}`;
  };
  const indentation = (level: number) => (next(10) === 0 ? "\t".repeat(level) : " ".repeat(next(5) === 0 ? next(7) : level * 2));
  /** A line break, with perhaps a comment before it, blank lines and comments on lines of their own after it. */
  const lineBreak = (level: number) => {
    let text = next(4) === 0 ? ` ${comment()}` : "";
    text += "\n";
    if (next(6) === 0) text += "\n".repeat(1 + next(3));
    while (next(5) === 0) text += `${indentation(level)}${comment()}\n${next(4) === 0 ? "\n" : ""}`;
    return text + indentation(level);
  };
  let text = "";
  if (next(3) === 0) text += `${comment()}\n${next(2) === 0 ? "\n" : ""}`;
  declarations.forEach((lines, position) => {
    if (position > 0) text += lineBreak(0) + (next(3) === 0 ? "" : "\n");
    lines.forEach((line, index) => {
      if (index > 0) text += lineBreak(line.level);
      line.tokens.forEach((token, tokenIndex) => {
        if (tokenIndex > 0) text += next(12) === 0 ? lineBreak(line.level + 1) : next(8) === 0 ? " \t  " : " ";
        text += token;
      });
    });
  });
  if (next(3) === 0) text += lineBreak(0).trimEnd();
  return text + (next(5) === 0 ? "" : "\n");
}
