// Literals and the problems that live inside one token or construct: string escapes, impossible
// dates, durations mixing units, and conditions mixing `and` with `or` without parentheses.
import type { IToken } from "chevrotain";
import { error, type Diagnostic } from "../diagnostics.js";
import type * as A from "./ast.js";

export function tokenEnd(tok: IToken): number {
  return tok.startOffset + tok.image.length;
}

export function tokenSpan(tok: IToken): A.Span {
  return { start: tok.startOffset, end: tokenEnd(tok) };
}

function join(first: A.Span, last: A.Span): A.Span {
  return { start: first.start, end: Math.max(first.end, last.end) };
}

const monthNames = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Why `text` (already shaped `YYYY-MM-DD`) is not a real calendar date, or undefined when it is. */
export function dateProblem(text: string): string | undefined {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (month < 1 || month > 12) return `${text} is not a real date: there is no month ${month}.`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    return `${text} is not a real date: ${monthNames[month - 1]} ${year} has ${days} days.`;
  }
  return undefined;
}

/** Makes literal AST nodes from tokens, reporting what is wrong inside them. */
export class Literals {
  constructor(
    private readonly text: string,
    readonly diagnostics: Diagnostic[],
  ) {}

  name(tok: IToken): A.Name {
    return { kind: "Name", text: tok.image, span: tokenSpan(tok) };
  }

  string(tok: IToken): A.StringLiteral {
    const span = tokenSpan(tok);
    const raw = tok.image;
    if (tok.tokenType.name === "MisquotedString") {
      const inner = raw.slice(1, -1);
      this.diagnostics.push(
        error("invalid-string", span, "Text in a protocol goes between straight double quotes `\"...\"`, not single or curly quotes.", {
          fix: { title: "Use straight double quotes", edits: [{ span, newText: JSON.stringify(inner) }] },
        }),
      );
      return { kind: "String", value: inner, span };
    }
    const terminated = tok.tokenType.name === "StringLiteral" && raw.length >= 2;
    if (!terminated) {
      this.diagnostics.push(
        error("invalid-string", span, "This text has no closing `\"`: a string must end on the line it starts.", {
          fix: { title: "Add the closing `\"`", edits: [{ span: { start: span.end, end: span.end }, newText: "\"" }] },
        }),
      );
    }
    const body = terminated ? raw.slice(1, -1) : raw.slice(1);
    if (!body.includes("\\")) return { kind: "String", value: body, span };
    let value = "";
    for (let i = 0; i < body.length; i++) {
      const char = body[i]!;
      if (char !== "\\") {
        value += char;
        continue;
      }
      const next = body[i + 1];
      const escapeStart = span.start + 1 + i;
      if (next === "\"" || next === "\\") {
        value += next;
        i++;
      } else if (next === "n") {
        value += "\n";
        i++;
      } else if (next === "t") {
        value += "\t";
        i++;
      } else if (next === "u" && body[i + 2] === "{") {
        const close = body.indexOf("}", i + 3);
        const hex = close === -1 ? "" : body.slice(i + 3, close);
        const codePoint = /^[0-9A-Fa-f]{1,6}$/.test(hex) ? parseInt(hex, 16) : NaN;
        const end = close === -1 ? i + 2 : close;
        if (Number.isNaN(codePoint) || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
          this.diagnostics.push(
            error(
              "invalid-string",
              { start: escapeStart, end: span.start + 1 + end + 1 },
              "`\\u{...}` needs the hexadecimal number of a Unicode character, such as `\\u{1F600}`.",
            ),
          );
        } else {
          value += String.fromCodePoint(codePoint);
        }
        i = end;
      } else {
        const shown = next === undefined ? "\\" : `\\${next}`;
        this.diagnostics.push(
          error(
            "invalid-string",
            { start: escapeStart, end: escapeStart + shown.length },
            `\`${shown}\` is not an escape Baton knows. Inside a string, write \`\\"\` for a quote, \`\\\\\` for a backslash, \`\\n\` for a new line, \`\\t\` for a tab or \`\\u{...}\` for any character.`,
            { fix: { title: "Write the backslash itself (`\\\\`)", edits: [{ span: { start: escapeStart, end: escapeStart + 1 }, newText: "\\\\" }] } },
          ),
        );
        value += next ?? "";
        i++;
      }
    }
    return { kind: "String", value, span };
  }

  reportEqualsForIs(span: A.Span): void {
    this.diagnostics.push(
      error("syntax", span, "Baton compares with `is`, not `=`: write `plan is child_protection`.", {
        fix: { title: "Change `=` to `is`", edits: [{ span, newText: "is" }] },
      }),
    );
  }

  date(tok: IToken): A.DateLiteral {
    if (tok.tokenType.name === "ShortDate") {
      // `2026-1-5`: say how dates are written, and read it as the date meant.
      const [year, month, day] = tok.image.split("-");
      const text = `${year}-${month!.padStart(2, "0")}-${day!.padStart(2, "0")}`;
      const span = tokenSpan(tok);
      this.diagnostics.push(
        error("invalid-date", span, `Dates are written year-month-day with two digits for the month and the day: \`${text}\`.`, {
          fix: { title: `Change to \`${text}\``, edits: [{ span, newText: text }] },
        }),
      );
      return { kind: "Date", text, span };
    }
    const literal: A.DateLiteral = { kind: "Date", text: tok.image, span: tokenSpan(tok) };
    const problem = dateProblem(tok.image);
    if (problem !== undefined) this.diagnostics.push(error("invalid-date", literal.span, problem));
    return literal;
  }

  number(tok: IToken): A.NumberLiteral {
    return { kind: "Number", value: Number(tok.image), text: tok.image, span: tokenSpan(tok) };
  }

  boolean(tok: IToken): A.BooleanLiteral {
    return { kind: "Boolean", value: tok.image === "yes", span: tokenSpan(tok) };
  }

  checkDuration(literal: A.DurationLiteral): void {
    const working = literal.parts.filter((part) => part.unit === "working day");
    if (working.length > 0 && working.length < literal.parts.length) {
      this.diagnostics.push(
        error(
          "invalid-duration",
          literal.span,
          "A duration cannot mix working days with other units, because working days skip weekends and holidays while the others do not. Count it all in working days, or all in days, weeks, months and years.",
        ),
      );
    }
    for (const part of literal.parts) {
      if (!Number.isInteger(part.amount)) {
        this.diagnostics.push(
          error(
            "invalid-duration",
            part.span,
            `Durations are counted in whole units, so \`${part.amountText} ${part.unitText}\` cannot be used. Use a smaller unit, such as days.`,
          ),
        );
      }
    }
    const seen = new Set<string>();
    for (const part of literal.parts) {
      if (seen.has(part.unit)) {
        this.diagnostics.push(
          error("invalid-duration", part.span, `This duration gives ${part.unit}s twice. Add them up into one amount.`),
        );
      }
      seen.add(part.unit);
    }
  }

  reportMixedAndOr(operands: A.Expr[], operators: IToken[], groups: A.Expr[][], span: A.Span): void {
    const source = (expr: A.Expr) => this.text.slice(expr.span.start, expr.span.end);
    const short = (text: string) => (text.length > 40 ? `${text.slice(0, 37)}...` : text);
    const firstOr = operators.find((op) => op.image === "or")!;
    // The fix writes the reading `and` binds tighter, the usual convention in logic.
    const edits = groups
      .filter((group) => group.length > 1)
      .flatMap((group) => [
        { span: { start: group[0]!.span.start, end: group[0]!.span.start }, newText: "(" },
        { span: { start: group[group.length - 1]!.span.end, end: group[group.length - 1]!.span.end }, newText: ")" },
      ]);
    let example = "";
    if (operands.length === 3) {
      const [a, b, c] = operands.map((operand) => short(source(operand)));
      const [first, second] = operators.map((op) => op.image);
      example = ` Write \`(${a} ${first} ${b}) ${second} ${c}\` or \`${a} ${first} (${b} ${second} ${c})\`.`;
    }
    this.diagnostics.push(
      error(
        "mixed-and-or",
        span,
        `This condition mixes \`and\` with \`or\` without parentheses, so it can be read two ways. Add parentheses to say which is meant.${example}`,
        {
          related: [{ span: tokenSpan(firstOr), message: "the `or` that meets an `and` here" }],
          fix: { title: "Add parentheses around the `and` parts", edits },
        },
      ),
    );
  }

}
