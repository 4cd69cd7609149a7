#!/usr/bin/env node
// Adds up every suite of a test run and prints the closing line, exactly
//   N passed, N failed, N skipped
// Exit code 0 only when nothing failed and at least one test ran.
//
// usage: node scripts/summarize-tests.mjs [--vitest FILE[=EXIT]] [--unittest FILE[=EXIT]]
//                                         [--playwright FILE[=EXIT]] [--stage NAME=EXIT]...
//   --vitest    vitest's JSON report (--reporter=json --outputFile=FILE)
//   --playwright  Playwright's JSON report (the e2e suite; playwright.config.ts writes it)
//   --unittest  the counts scripts/run-unittest.py wrote (absent file: no Python suite yet)
//               With =EXIT, the runner's exit code: a runner that failed while its report shows
//               no failure (it crashed, found no test file, hit an unhandled error) adds one.
//   --stage     a non-test step (provision, build, typecheck, lint) and its exit code; each one
//               that failed counts as one failed check, so the line agrees with the exit code
// Above the closing line it names each failed test (at most FAILURES_NAMED per suite), so a log
// cut down to its tail still says what failed.
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** @typedef {{ passed: number, failed: number, skipped: number, notes: string[] }} Counts */

export const FAILURES_NAMED = 10;

/**
 * One note per failed test, `SUITE failed: NAME`, cut at FAILURES_NAMED.
 * @param {string} suite
 * @param {string[]} names
 * @returns {string[]}
 */
export function failedTestNotes(suite, names) {
  const notes = names.slice(0, FAILURES_NAMED).map((n) => `${suite} failed: ${n}`);
  if (names.length > FAILURES_NAMED) notes.push(`${suite}: and ${names.length - FAILURES_NAMED} more failed`);
  return notes;
}
/**
 * The part of vitest's JSON report (jest's format) that is read here.
 * @typedef {{
 *   numPassedTests?: number, numFailedTests?: number, numPendingTests?: number, numTodoTests?: number,
 *   testResults?: { name: string, status: string, message?: string, assertionResults?: { status: string, fullName?: string }[] }[]
 * }} VitestReport
 */

/**
 * Counts from a vitest JSON report. A test file that failed without a failing test (it did not
 * load, or a hook threw) counts as one failure.
 * @param {string} file
 * @returns {Counts}
 */
export function vitestCounts(file) {
  if (!existsSync(file)) {
    return { passed: 0, failed: 1, skipped: 0, notes: [`vitest: no report at ${file} (did vitest start?)`] };
  }
  /** @type {VitestReport} */
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const notes = [];
  /** @type {string[]} */
  const failedNames = [];
  let brokenFiles = 0;
  for (const suite of report.testResults ?? []) {
    const failedTests = (suite.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of failedTests) failedNames.push(`${suite.name} › ${t.fullName ?? '?'}`);
    if (suite.status === 'failed' && failedTests.length === 0) {
      brokenFiles += 1;
      notes.push(`vitest: ${suite.name} failed outside its tests: ${(suite.message ?? '').split('\n')[0]}`);
    }
  }
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    notes: [...failedTestNotes('vitest', failedNames), ...notes],
  };
}

/**
 * Counts from scripts/run-unittest.py. Expected failures count as passed (they behaved as
 * declared); unexpected successes as failed (unittest treats them so too).
 * @param {string} file
 * @returns {Counts}
 */
export function unittestCounts(file) {
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0, notes: ['python: no unittest counts (suite absent or did not run)'] };
  const c = JSON.parse(readFileSync(file, 'utf8'));
  const failed = c.failures + c.errors + c.unexpectedSuccesses;
  return { passed: c.ran - failed - c.skipped, failed, skipped: c.skipped, notes: failedTestNotes('python', c.failedNames ?? []) };
}

/**
 * The part of Playwright's JSON reporter output that is read here.
 * @typedef {{
 *   stats?: { expected?: number, unexpected?: number, flaky?: number, skipped?: number },
 *   errors?: { message?: string }[],
 *   suites?: PlaywrightSuite[]
 * }} PlaywrightReport
 * @typedef {{
 *   title?: string,
 *   suites?: PlaywrightSuite[],
 *   specs?: { title: string, file?: string, line?: number, tests?: { status?: string, results?: { error?: { message?: string }, errors?: { message?: string }[] }[] }[] }[]
 * }} PlaywrightSuite
 */

/** @param {string} text @returns {string} the text without terminal colour codes (ESC [ … m) */
function withoutColours(text) {
  // eslint-disable-next-line no-control-regex -- ESC is exactly what is matched here
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/** How many lines of a failed spec's error the summary shows: enough for an expect's diff. */
const ERROR_LINES = 8;
/**
 * The head of an error message: its lines up to the code frame, the stack or the call log, without
 * blank lines, at most ERROR_LINES, the later ones indented under the first. A poll that timed out
 * says so in its first line and what it last saw in the diff below it.
 * @param {string} message
 * @returns {string}
 */
export function errorHead(message) {
  const lines = [];
  for (const line of withoutColours(message).split('\n')) {
    if (/^\s*>?\s*\d+ \||^\s*at |^\s*Call log:/.test(line)) break;
    if (line.trim() !== '') lines.push(line.trimEnd());
  }
  const shown = lines.slice(0, ERROR_LINES);
  if (lines.length > ERROR_LINES) shown.push('…');
  return shown.join('\n      ');
}

/**
 * `file:line › title: the head of the error` for each spec with an unexpected result.
 * @param {PlaywrightSuite[]} suites
 * @returns {string[]}
 */
function unexpectedSpecs(suites) {
  return suites.flatMap((suite) => [
    ...(suite.specs ?? [])
      .filter((spec) => (spec.tests ?? []).some((t) => t.status === 'unexpected'))
      .map((spec) => {
        const results = (spec.tests ?? []).flatMap((t) => t.results ?? []);
        const message = results.map((r) => r.error?.message ?? r.errors?.[0]?.message).find((m) => m !== undefined) ?? '';
        const head = errorHead(message);
        return `${spec.file ?? '?'}:${spec.line ?? '?'} › ${spec.title}${head === '' ? '' : `: ${head}`}`;
      }),
    ...unexpectedSpecs(suite.suites ?? []),
  ]);
}

/**
 * Counts from a Playwright JSON report. Flaky tests (passed on a retry) count as passed; an error
 * outside any test (global setup failed, a spec did not load) counts as one failure.
 * @param {string} file
 * @returns {Counts}
 */
export function playwrightCounts(file) {
  if (!existsSync(file)) {
    return { passed: 0, failed: 1, skipped: 0, notes: [`playwright: no report at ${file} (did the e2e stage start?)`] };
  }
  /** @type {PlaywrightReport} */
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const stats = report.stats ?? {};
  const errors = report.errors ?? [];
  return {
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    failed: (stats.unexpected ?? 0) + (errors.length > 0 ? 1 : 0),
    skipped: stats.skipped ?? 0,
    notes: [
      ...failedTestNotes('playwright', unexpectedSpecs(report.suites ?? [])),
      ...errors.map((e) => `playwright: ${(e.message ?? '').split('\n')[0]}`),
    ],
  };
}

/**
 * @param {string[]} stages NAME=EXIT pairs
 * @returns {Counts}
 */
export function stageCounts(stages) {
  const failedStages = stages
    .map((s) => /^([^=]+)=(\d+)$/.exec(s))
    .filter((m) => m === null || m[2] !== '0')
    .map((m) => (m === null ? 'a malformed --stage' : `${m[1]} (exit ${m[2]})`));
  return {
    passed: 0,
    failed: failedStages.length,
    skipped: 0,
    notes: failedStages.map((s) => `check failed: ${s}`),
  };
}

/** @param {Counts[]} parts @returns {Counts} */
export function sum(parts) {
  return parts.reduce(
    (a, b) => ({
      passed: a.passed + b.passed,
      failed: a.failed + b.failed,
      skipped: a.skipped + b.skipped,
      notes: [...a.notes, ...b.notes],
    }),
    { passed: 0, failed: 0, skipped: 0, notes: [] },
  );
}

/**
 * `FILE=EXIT` → [FILE, EXIT]; a plain FILE has no exit code.
 * @param {string} arg
 * @returns {[string, number | undefined]}
 */
function fileAndExit(arg) {
  const m = /^(.*)=(\d+)$/.exec(arg);
  return m === null ? [arg, undefined] : [m[1] ?? arg, Number(m[2])];
}

/**
 * @param {string} name
 * @param {Counts} counts
 * @param {number | undefined} exit
 * @returns {Counts}
 */
export function withRunnerExit(name, counts, exit) {
  if (exit === undefined || exit === 0 || counts.failed > 0) return counts;
  return { ...counts, failed: counts.failed + 1, notes: [...counts.notes, `${name} exited ${exit} without reporting a failed test`] };
}

function main() {
  const { values } = parseArgs({
    options: {
      vitest: { type: 'string' },
      unittest: { type: 'string' },
      playwright: { type: 'string' },
      stage: { type: 'string', multiple: true, default: [] },
    },
  });
  /** @type {[string, Counts][]} */
  const suites = [];
  if (values.vitest !== undefined) {
    const [file, exit] = fileAndExit(values.vitest);
    suites.push(['vitest', withRunnerExit('vitest', vitestCounts(file), exit)]);
  }
  if (values.unittest !== undefined) {
    const [file, exit] = fileAndExit(values.unittest);
    suites.push(['python unittest', withRunnerExit('python unittest', unittestCounts(file), exit)]);
  }
  if (values.playwright !== undefined) {
    const [file, exit] = fileAndExit(values.playwright);
    suites.push(['playwright e2e', withRunnerExit('playwright e2e', playwrightCounts(file), exit)]);
  }
  const total = sum([...suites.map(([, c]) => c), stageCounts(values.stage ?? [])]);

  for (const [name, c] of suites) {
    console.log(`  ${name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  }
  for (const note of total.notes) console.log(`  ${note}`);
  const ran = total.passed + total.failed;
  if (ran === 0) console.log('  no test ran: a run that executes no test fails');
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  return total.failed === 0 && total.passed > 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main();
}
