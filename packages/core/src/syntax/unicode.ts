// Characters that make a protocol look other than it is (the hazards of Unicode reports 36 and 39):
// invisible characters, those that reorder how text is displayed, and letters from other alphabets
// that look like Latin ones. The lexer uses this to word its errors, the checker to warn about
// such characters in text and comments, and about names that look the same but are not.

/** Characters that change the order in which text is displayed (bidirectional controls). */
const bidiNames: ReadonlyMap<number, string> = new Map([
  [0x061c, "ARABIC LETTER MARK"],
  [0x200e, "LEFT-TO-RIGHT MARK"],
  [0x200f, "RIGHT-TO-LEFT MARK"],
  [0x202a, "LEFT-TO-RIGHT EMBEDDING"],
  [0x202b, "RIGHT-TO-LEFT EMBEDDING"],
  [0x202c, "POP DIRECTIONAL FORMATTING"],
  [0x202d, "LEFT-TO-RIGHT OVERRIDE"],
  [0x202e, "RIGHT-TO-LEFT OVERRIDE"],
  [0x2066, "LEFT-TO-RIGHT ISOLATE"],
  [0x2067, "RIGHT-TO-LEFT ISOLATE"],
  [0x2068, "FIRST STRONG ISOLATE"],
  [0x2069, "POP DIRECTIONAL ISOLATE"],
]);

/** Characters that take no space on screen (tag characters, U+E0000 to U+E007F, are added below). */
const invisibleNames: ReadonlyMap<number, string> = new Map([
  [0x00ad, "SOFT HYPHEN"],
  [0x115f, "HANGUL CHOSEONG FILLER"],
  [0x1160, "HANGUL JUNGSEONG FILLER"],
  [0x180e, "MONGOLIAN VOWEL SEPARATOR"],
  [0x200b, "ZERO WIDTH SPACE"],
  [0x200c, "ZERO WIDTH NON-JOINER"],
  [0x200d, "ZERO WIDTH JOINER"],
  [0x2060, "WORD JOINER"],
  [0x2061, "FUNCTION APPLICATION"],
  [0x2062, "INVISIBLE TIMES"],
  [0x2063, "INVISIBLE SEPARATOR"],
  [0x2064, "INVISIBLE PLUS"],
  [0x3164, "HANGUL FILLER"],
  [0xfeff, "ZERO WIDTH NO-BREAK SPACE"],
  [0xffa0, "HALFWIDTH HANGUL FILLER"],
]);

/** Finds every candidate hazard; `hiddenCharacterAt` then decides whether it is one where it stands. */
export const hiddenCharacterPattern =
  /[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0]|\udb40[\udc00-\udc7f]/g;

export interface HiddenCharacter {
  /** Where it is in the text, and its length (2 for a tag character). */
  start: number;
  end: number;
  kind: "bidi" | "invisible";
  /** `U+202E RIGHT-TO-LEFT OVERRIDE` */
  label: string;
}

function hex(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
}

const pictographic = /\p{Extended_Pictographic}/u;
const emojiPart = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\ufe0f]/u;
/** Letters and marks of alphabets that need joiners to be written correctly (Arabic, Persian, Indic scripts...). */
const joiningLetter = /[\p{L}\p{M}]/u;
const plainAlphabet = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}]/u;

function codePointBefore(text: string, index: number): string {
  if (index <= 0) return "";
  const low = text.charCodeAt(index - 1);
  return low >= 0xdc00 && low <= 0xdfff && index >= 2 ? text.slice(index - 2, index) : text.slice(index - 1, index);
}

function codePointAfter(text: string, index: number): string {
  const codePoint = text.codePointAt(index);
  return codePoint === undefined ? "" : String.fromCodePoint(codePoint);
}

/**
 * The hidden character found by `hiddenCharacterPattern` at `index`, unless it does a visible job
 * there: a byte order mark at the start of the file, a joiner inside an emoji (👨‍👩‍👧) or between
 * letters of an alphabet that needs it, tag characters in a flag (🏴󠁧󠁢󠁥󠁮󠁧󠁿).
 */
export function hiddenCharacterAt(text: string, index: number): HiddenCharacter | undefined {
  const codePoint = text.codePointAt(index)!;
  const end = index + (codePoint > 0xffff ? 2 : 1);
  const bidi = bidiNames.get(codePoint);
  if (bidi !== undefined) return { start: index, end, kind: "bidi", label: `${hex(codePoint)} ${bidi}` };
  if (codePoint === 0xfeff && index === 0) return undefined;
  if (codePoint === 0x200c || codePoint === 0x200d) {
    const before = codePointBefore(text, index);
    const after = codePointAfter(text, end);
    if (codePoint === 0x200d && emojiPart.test(before) && pictographic.test(after)) return undefined;
    if (joiningLetter.test(before) && joiningLetter.test(after) && !plainAlphabet.test(before) && !plainAlphabet.test(after)) return undefined;
  }
  if (codePoint >= 0xe0000) {
    // A flag such as Scotland's is a black flag followed by tag characters spelling its region.
    let start = index;
    while (start >= 2 && /^\udb40[\udc00-\udc7f]$/.test(text.slice(start - 2, start))) start -= 2;
    if (codePointBefore(text, start) === "\u{1f3f4}") return undefined;
    return { start: index, end, kind: "invisible", label: `${hex(codePoint)} ${tagName(codePoint)}` };
  }
  const name = invisibleNames.get(codePoint);
  return name === undefined ? undefined : { start: index, end, kind: "invisible", label: `${hex(codePoint)} ${name}` };
}

/** The name of a tag character: each stands for an ASCII character, and hides it. */
function tagName(codePoint: number): string {
  if (codePoint === 0xe0001) return "LANGUAGE TAG";
  if (codePoint === 0xe007f) return "CANCEL TAG";
  const char = String.fromCharCode(codePoint - 0xe0000);
  if (/[A-Z]/.test(char)) return `TAG LATIN CAPITAL LETTER ${char}`;
  if (/[a-z]/.test(char)) return `TAG LATIN SMALL LETTER ${char.toUpperCase()}`;
  if (/[0-9]/.test(char)) return `TAG DIGIT ${["ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"][Number(char)]!}`;
  if (char === " ") return "TAG SPACE";
  return "TAG";
}

/** Every hidden character in `text`, in order (an empty list, cheaply, for nearly every file). */
export function hiddenCharacters(text: string): HiddenCharacter[] {
  const found: HiddenCharacter[] = [];
  hiddenCharacterPattern.lastIndex = 0;
  for (let match = hiddenCharacterPattern.exec(text); match !== null; match = hiddenCharacterPattern.exec(text)) {
    const hidden = hiddenCharacterAt(text, match.index);
    if (hidden !== undefined) found.push(hidden);
  }
  return found;
}

/**
 * `text` with each hidden character shown as `<U+202E>`, for printing text from a protocol in a
 * message or a terminal, where a bidirectional control would reorder what is shown.
 */
export function showHiddenCharacters(text: string): string {
  hiddenCharacterPattern.lastIndex = 0;
  if (!hiddenCharacterPattern.test(text)) return text;
  let shown = "";
  let from = 0;
  for (const hidden of hiddenCharacters(text)) {
    shown += `${text.slice(from, hidden.start)}<${hidden.label.split(" ")[0]!}>`;
    from = hidden.end;
  }
  return shown + text.slice(from);
}

/**
 * JSON text (as `JSON.stringify` writes it) with each hidden character written as an escape
 * (`\u202e`) instead of as itself: the same JSON to a program reading it, but a terminal showing it
 * neither hides the character nor lets a bidirectional control reorder what is shown.
 */
export function escapeHiddenCharactersInJson(json: string): string {
  const hidden = hiddenCharacters(json);
  if (hidden.length === 0) return json;
  let escaped = "";
  let from = 0;
  for (const { start, end } of hidden) {
    escaped += json.slice(from, start);
    for (let index = start; index < end; index++) escaped += `\\u${json.charCodeAt(index).toString(16).padStart(4, "0")}`;
    from = end;
  }
  return escaped + json.slice(from);
}

/** Letters of other alphabets that look like Latin letters, with the Latin letter each looks like. */
const lookalikes: ReadonlyMap<string, { latin: string; script: "Cyrillic" | "Greek" }> = new Map([
  ...pairs("Cyrillic", "аa еe оo рp сc уy хx ѕs іi јj һh ԁd ԛq ԝw ӏl үy АA ВB ЕE КK МM НH ОO РP СC ТT УY ХX ЅS ІI ЈJ ԚQ ԜW ҮY ӀI"),
  ...pairs("Greek", "ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX αa ιi κk νv οo ρp υu χx"),
]);

function pairs(script: "Cyrillic" | "Greek", list: string): [string, { latin: string; script: "Cyrillic" | "Greek" }][] {
  return list.split(" ").map((pair) => [pair[0]!, { latin: pair[1]!, script }]);
}

/** The Latin letter `char` looks like, and its alphabet, if it is one of the usual lookalikes. */
export function lookalikeOf(char: string): { latin: string; script: "Cyrillic" | "Greek" } | undefined {
  return lookalikes.get(char);
}

/** A letter written the plain Latin way, when it has one of the same length: a lookalike, a full-width letter, a letter with an accent. */
export function plainLetter(char: string): string | undefined {
  const lookalike = lookalikes.get(char);
  if (lookalike !== undefined) return lookalike.latin;
  const compatible = char.normalize("NFKC");
  if (/^[A-Za-z0-9_]$/.test(compatible) && compatible.length === char.length) return compatible;
  const base = char.normalize("NFD").replace(/\p{M}/gu, "");
  if (/^[A-Za-z]$/.test(base) && base.length === char.length) return base;
  return undefined;
}

/** `the Cyrillic letter с (U+0441), which looks like the Latin c`, or `ï (U+00EF)`. */
export function describeLetter(char: string): string {
  const codePoint = hex(char.codePointAt(0)!);
  const lookalike = lookalikes.get(char);
  if (lookalike !== undefined) return `the ${lookalike.script} letter ${char} (${codePoint}), which looks like the Latin ${lookalike.latin}`;
  return `${char} (${codePoint})`;
}

/** Several letters described, as a list in words; separated by semicolons when the descriptions hold commas. */
export function listLetters(chars: readonly string[]): string {
  const described = chars.map(describeLetter);
  if (described.length <= 1) return described[0] ?? "";
  const separator = described.some((text) => text.includes(",")) ? ";" : ",";
  if (described.length === 2) return separator === ";" ? `${described[0]!}; and ${described[1]!}` : `${described[0]!} and ${described[1]!}`;
  return `${described.slice(0, -1).join(`${separator} `)}${separator === ";" ? ";" : ""} and ${described.at(-1)!}`;
}

/**
 * What a text looks like, for telling apart names that look the same but are not (a simplified
 * form of the "skeleton" of Unicode report 39): compatibility forms folded, lookalikes made Latin.
 */
export function skeleton(text: string): string {
  let result = "";
  for (const char of text.normalize("NFKC")) result += lookalikes.get(char)?.latin ?? char;
  return result;
}

const latinLetter = /\p{Script=Latin}/u;
const otherAlphabet = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

/** The words of `text` that mix Latin letters with Cyrillic or Greek ones, with where they start. */
export function mixedScriptWords(text: string): { word: string; index: number }[] {
  const found: { word: string; index: number }[] = [];
  for (const match of text.matchAll(/[\p{L}\p{M}]+/gu)) {
    const word = match[0];
    let latin = false;
    const others = new Set<string>();
    for (const char of word) {
      if (latinLetter.test(char)) latin = true;
      else if (/\p{Script=Cyrillic}/u.test(char)) others.add("Cyrillic");
      else if (/\p{Script=Greek}/u.test(char)) others.add("Greek");
    }
    if ((latin && others.size > 0) || others.size > 1) found.push({ word, index: match.index });
  }
  return found;
}

/** The letters of `word` that are Cyrillic or Greek, in order, each once. */
export function foreignLetters(word: string): string[] {
  return [...new Set([...word].filter((char) => otherAlphabet.test(char)))];
}
