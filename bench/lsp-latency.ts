// How long after a one-character edit the language server's diagnostics arrive, on a generated
// protocol of about 5,000 lines (issue 7: under 50 ms at the 95th percentile). The server runs as
// `baton lsp --stdio` in its own process, as an editor starts it; each latency is measured in this
// process from just before the change is sent to the `publishDiagnostics` of that version.
// Typing pauses now and then (every fifth gap is PAUSE_MS), long enough for the server to start
// its search for conflicts and gaps in its worker thread, as it does in real use.
// Run with `node scripts/run-ts.mjs bench/lsp-latency.ts` after `node scripts/build.mjs`; writes
// bench/lsp-latency.json. Environment: EDITS (default 300), GAP_MS between keystrokes (default
// 150), PAUSE_MS (default 600), DEEP_DELAY (ms of quiet before the conflict search; default the
// server's own, 200; a large value keeps the worker idle, to see its cost). The machine's load average is recorded: the figures mean little
// when other work shares the processors.
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { analyzeText } from "../packages/core/src/index.js";
import { LspClient, positionAt } from "../packages/language-server/test/lsp-client.js";
import { generateProtocol } from "./generate.js";

const edits = Number(process.env["EDITS"] ?? 300);
const gapMs = Number(process.env["GAP_MS"] ?? 150);
const pauseMs = Number(process.env["PAUSE_MS"] ?? 600);
const loadBefore = loadavg();
const targetLines = 5_000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (value: number) => Math.round(value * 10) / 10;

function summary(values: number[]) {
  return {
    count: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(Math.max(...values)),
    mean: round(values.reduce((sum, value) => sum + value, 0) / values.length),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// About 8.6 lines a rule: find the rule count that gives 5,000 lines.
let rules = Math.round(targetLines / 8.6);
let protocol = generateProtocol(rules);
while (protocol.lines < targetLines) protocol = generateProtocol(++rules);
let text = protocol.text;

// In-process reference: parsing and checking the whole file, and the whole of
// `analyzeText` (with the search for conflicts and gaps, which the server runs in a worker).
function timeAnalysis(options: { analysis?: boolean }): number[] {
  for (let i = 0; i < 5; i++) analyzeText(text, options);
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    analyzeText(text, options);
    times.push(performance.now() - started);
  }
  return times;
}
const checkTimes = timeAnalysis({ analysis: false });
const analysisTimes = timeAnalysis({});

// What the server does after an edit: re-parse the declaration touched, then check the whole file.
function timeIncremental(): number[] {
  const at = text.indexOf('because "Reason ') + 'because "'.length;
  let current = text;
  let previous = analyzeText(current, { analysis: false });
  const times: number[] = [];
  for (let i = 0; i < 45; i++) {
    const next = i % 2 === 0 ? `${current.slice(0, at)}x${current.slice(at)}` : `${current.slice(0, at)}${current.slice(at + 1)}`;
    const started = performance.now();
    previous = analyzeText(next, { analysis: false, previous: { text: current, parse: previous.parse } });
    if (i >= 5) times.push(performance.now() - started);
    current = next;
  }
  return times;
}
const incrementalTimes = timeIncremental();

const deepDelay = process.env["DEEP_DELAY"] === undefined ? undefined : Number(process.env["DEEP_DELAY"]);
const client = await LspClient.start(deepDelay === undefined ? {} : { initializationOptions: { diagnostics: { deepDelay } } });
const uri = "untitled:lsp-latency.baton";
const openedAt = performance.now();
const opened = await client.open(uri, text);
const openMs = performance.now() - openedAt;
if (opened.diagnostics.length > 0) console.log(`note: the generated protocol has ${opened.diagnostics.length} diagnostics`);

/**
 * The edits a person makes: typing a letter into a rule's `because` text and taking it out again,
 * and mistyping a team name (an error appears) and putting it right (it goes away). Each pair of
 * edits puts the text back as it was, so the places found at the start stay right.
 */
const becausePlaces = [...text.matchAll(/because "Reason \d+/g)].map((match) => match.index + 'because "'.length);
const teamPlaces = [...text.matchAll(/transfer from \w+ to CIN/g)].map((match) => match.index + match[0].length - 1);
function nextEdit(index: number): { offset: number; remove: number; insert: string } {
  const pair = Math.floor(index / 2);
  const undo = index % 2 === 1;
  if (pair % 2 === 0) {
    const at = becausePlaces[(pair * 37) % becausePlaces.length]!;
    return undo ? { offset: at, remove: 1, insert: "" } : { offset: at, remove: 0, insert: "x" };
  }
  const at = teamPlaces[(pair * 13) % teamPlaces.length]!; // the N of CIN
  return { offset: at, remove: 1, insert: undo ? "N" : "M" };
}

const latencies: number[] = [];
const errorsSeen: number[] = [];
for (let i = 0; i < edits; i++) {
  const edit = nextEdit(i);
  const range = { start: positionAt(text, edit.offset), end: positionAt(text, edit.offset + edit.remove) };
  text = text.slice(0, edit.offset) + edit.insert + text.slice(edit.offset + edit.remove);
  const started = performance.now();
  const version = client.change(uri, [{ range, text: edit.insert }]);
  const published = await client.waitForDiagnostics(uri, version);
  latencies.push(performance.now() - started);
  errorsSeen.push(published.diagnostics.length);
  await sleep(i % 5 === 4 ? pauseMs : gapMs);
}

// A burst: key repeat, 30 ms apart; measured from the last change of each burst.
const burstLatencies: number[] = [];
for (let burst = 0; burst < 20; burst++) {
  let version = 0;
  let started = 0;
  for (let i = 0; i < 6; i++) {
    const edit = nextEdit(i % 2); // a letter typed and taken out again, three times over
    const range = { start: positionAt(text, edit.offset), end: positionAt(text, edit.offset + edit.remove) };
    text = text.slice(0, edit.offset) + edit.insert + text.slice(edit.offset + edit.remove);
    started = performance.now();
    version = client.change(uri, [{ range, text: edit.insert }]);
    await sleep(30);
  }
  await client.waitForDiagnostics(uri, version);
  burstLatencies.push(performance.now() - started);
  await sleep(300);
}
await client.stop();

const typing = summary(latencies);
const report = {
  command: "node scripts/run-ts.mjs bench/lsp-latency.ts",
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  protocol: { rules, lines: protocol.lines, bytes: protocol.text.length },
  target: "diagnostics within 50 ms of a one-character edit at the 95th percentile",
  met: typing.p95 < 50,
  loadAverage: { before: loadBefore.map(round), after: loadavg().map(round) },
  openMs: round(openMs),
  parseAndCheckMs: summary(checkTimes),
  incrementalParseAndCheckMs: summary(incrementalTimes),
  analyzeTextWithConflictSearchMs: summary(analysisTimes),
  typing: { gapMs, pauseMs, deepDelayMs: deepDelay ?? 200, ...typing, diagnosticsPerUpdate: { min: Math.min(...errorsSeen), max: Math.max(...errorsSeen) } },
  keyRepeatBursts: { editsPerBurst: 6, gapMs: 30, note: "from the last change of a burst; bursts are analysed once, after a short wait", ...summary(burstLatencies) },
};
writeFileSync(new URL("./lsp-latency.json", import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
console.log(`${protocol.lines} lines, ${rules} rules: parse and check p50 ${report.parseAndCheckMs.p50} ms, p95 ${report.parseAndCheckMs.p95} ms; after an edit p50 ${report.incrementalParseAndCheckMs.p50} ms, p95 ${report.incrementalParseAndCheckMs.p95} ms; with the conflict search p50 ${report.analyzeTextWithConflictSearchMs.p50} ms`);
console.log(`load average ${report.loadAverage.before.join(" ")} before, ${report.loadAverage.after.join(" ")} after (${report.cores} cores)`);
console.log(`one-character edits every ${gapMs} ms: diagnostics after p50 ${typing.p50} ms, p95 ${typing.p95} ms, max ${typing.max} ms (${typing.count} edits)`);
console.log(`key-repeat bursts: p50 ${report.keyRepeatBursts.p50} ms, p95 ${report.keyRepeatBursts.p95} ms after the last change`);
console.log("wrote bench/lsp-latency.json");
