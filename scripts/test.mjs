// Runs the whole test suite and ends with one line `N passed, N failed`, which CI counts.
// Steps: vitest (unit, snapshot, end-to-end and property tests), then `baton test examples` (the
// example protocols' own test blocks); the counts of both are added up.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const resultsFile = join(root, ".vitest-results.json");
rmSync(resultsFile, { force: true });

const vitest = spawnSync(
  process.execPath,
  [join(root, "node_modules/vitest/vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${resultsFile}`],
  { cwd: root, stdio: "inherit" },
);

let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(readFileSync(resultsFile, "utf8"));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  // A suite that fails to load (a syntax error in a test file) has no tests to count: count it as a failure.
  failed += results.testResults.filter((file) => file.status === "failed" && file.assertionResults.length === 0).length;
} catch {
  console.error("The test runner wrote no results; counting the whole run as one failure.");
  failed += 1;
}
if (vitest.status !== 0 && failed === 0) failed = 1;

console.log("\n== baton test examples: the example protocols' own tests ==\n");
const examples = spawnSync(process.execPath, [join(root, "packages/cli/dist/baton.mjs"), "test", join(root, "examples"), "--coverage"], {
  cwd: root,
  encoding: "utf8",
  env: { ...process.env, INIT_CWD: "" },
});
process.stdout.write(examples.stdout);
process.stderr.write(examples.stderr);
const counts = /^(\d+) passed, (\d+) failed$/m.exec(examples.stdout);
if (counts) {
  passed += Number(counts[1]);
  failed += Number(counts[2]);
}
if (!counts || (examples.status !== 0 && Number(counts[2]) === 0)) failed += 1;

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
