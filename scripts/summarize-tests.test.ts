import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { FAILURES_NAMED, errorHead, failedTestNotes, playwrightCounts, stageCounts, sum, unittestCounts, vitestCounts, withRunnerExit } from './summarize-tests.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'flowbench-summary-'));
function file(name: string, content: unknown): string {
  const p = path.join(dir, name);
  writeFileSync(p, JSON.stringify(content));
  return p;
}

const vitestReport = {
  numPassedTests: 5,
  numFailedTests: 1,
  numPendingTests: 2,
  numTodoTests: 1,
  testResults: [
    { name: '/r/a.test.ts', status: 'failed', message: '', assertionResults: [{ status: 'failed', fullName: 'a adds' }] },
    { name: '/r/b.test.ts', status: 'failed', message: 'SyntaxError: nope\nat …', assertionResults: [] },
    { name: '/r/c.test.ts', status: 'passed', assertionResults: [{ status: 'passed' }] },
  ],
};
const unittest = { ran: 10, failures: 1, errors: 1, skipped: 2, expectedFailures: 1, unexpectedSuccesses: 0 };

function run(...args: string[]): { status: number | null; lastLine: string } {
  const r = spawnSync(process.execPath, [path.join(import.meta.dirname, 'summarize-tests.mjs'), ...args], {
    encoding: 'utf8',
  });
  return { status: r.status, lastLine: r.stdout.trimEnd().split('\n').at(-1) ?? '' };
}

describe('summarize-tests', () => {
  test('vitest: skipped includes todo; a file that did not load is one failure', () => {
    const c = vitestCounts(file('v.json', vitestReport));
    expect([c.passed, c.failed, c.skipped]).toEqual([5, 2, 3]);
    expect(c.notes.join('\n')).toContain('SyntaxError: nope');
    expect(c.notes).toContain('vitest failed: /r/a.test.ts › a adds');
  });

  test('each suite names its failed tests, at most FAILURES_NAMED of them', () => {
    const names = Array.from({ length: FAILURES_NAMED + 3 }, (_, i) => `t${i}`);
    const notes = failedTestNotes('python', names);
    expect(notes).toHaveLength(FAILURES_NAMED + 1);
    expect(notes[0]).toBe('python failed: t0');
    expect(notes.at(-1)).toBe('python: and 3 more failed');
    const u = unittestCounts(file('u-names.json', { ...unittest, failedNames: ['test_x.T.test_a'] }));
    expect(u.notes).toEqual(['python failed: test_x.T.test_a']);
  });

  test('vitest: a missing report is a failure', () => {
    expect(vitestCounts(path.join(dir, 'absent.json')).failed).toBe(1);
  });

  test('unittest: failures and errors fail, expected failures pass', () => {
    const c = unittestCounts(file('u.json', unittest));
    expect([c.passed, c.failed, c.skipped]).toEqual([6, 2, 2]);
  });

  test('unittest: an absent suite counts nothing', () => {
    const c = unittestCounts(path.join(dir, 'absent.json'));
    expect([c.passed, c.failed, c.skipped]).toEqual([0, 0, 0]);
  });

  test('a failed check counts as one failure', () => {
    const c = sum([stageCounts(['build=0', 'lint=1', 'typecheck=2'])]);
    expect(c.failed).toBe(2);
    expect(c.notes).toEqual(['check failed: lint (exit 1)', 'check failed: typecheck (exit 2)']);
  });

  test('prints the sum of every suite as the last line, and fails when anything failed', () => {
    const r = run('--vitest', file('v.json', vitestReport), '--unittest', file('u.json', unittest), '--stage', 'lint=0');
    expect(r.lastLine).toBe('11 passed, 4 failed, 5 skipped');
    expect(r.status).toBe(1);
  });

  test('passes when all passed', () => {
    const green = { numPassedTests: 3, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, testResults: [] };
    const r = run('--vitest', file('g.json', green), '--unittest', path.join(dir, 'absent.json'), '--stage', 'build=0');
    expect(r).toEqual({ status: 0, lastLine: '3 passed, 0 failed, 0 skipped' });
  });

  test('a runner that failed without reporting a failed test adds one failure', () => {
    const none = { passed: 3, failed: 0, skipped: 0, notes: [] };
    expect(withRunnerExit('vitest', none, 1).failed).toBe(1);
    expect(withRunnerExit('vitest', none, 0).failed).toBe(0);
    expect(withRunnerExit('vitest', { ...none, failed: 2 }, 1).failed).toBe(2);
    const green = { numPassedTests: 3, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, testResults: [] };
    expect(run('--vitest', `${file('g2.json', green)}=1`).lastLine).toBe('3 passed, 1 failed, 0 skipped');
  });

  test('a run in which no test ran fails', () => {
    const empty = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 4, numTodoTests: 0, testResults: [] };
    const r = run('--vitest', file('e.json', empty));
    expect(r).toEqual({ status: 1, lastLine: '0 passed, 0 failed, 4 skipped' });
  });

  test('playwright: flaky counts as passed, skipped as skipped, an error outside tests as one failure', () => {
    const c = playwrightCounts(file('p.json', { stats: { expected: 3, unexpected: 1, flaky: 1, skipped: 1 }, errors: [{ message: 'Error: global setup failed\nat …' }] }));
    expect([c.passed, c.failed, c.skipped]).toEqual([4, 2, 1]);
    expect(c.notes).toEqual(['playwright: Error: global setup failed']);
    expect(playwrightCounts(path.join(dir, 'absent.json')).failed).toBe(1);
  });

  test('playwright: a spec that failed is named with its file, line and the first line of its error', () => {
    const spec = (title: string, status: string, message?: string) => ({
      title,
      file: 'share.spec.ts',
      line: 69,
      tests: [{ status, results: [{ errors: message === undefined ? [] : [{ message }] }] }],
    });
    const report = {
      stats: { expected: 1, unexpected: 1 },
      suites: [{ title: 'share.spec.ts', specs: [spec('ok', 'expected')], suites: [{ title: 'inner', specs: [spec('sync', 'unexpected', '\u001b[31mTimeoutError\u001b[39m: waited\nat …')] }] }],
    };
    expect(playwrightCounts(file('pf.json', report)).notes).toEqual(['playwright failed: share.spec.ts:69 › sync: TimeoutError: waited']);
  });

  test('playwright: a failed expect shows its diff, up to the code frame, so a cut log still says what was seen', () => {
    const message = [
      'Error: expect(received).toEqual(expected) // deep equality',
      '',
      '- Expected  - 1',
      '+ Received  + 3',
      '',
      '- Array []',
      '+ Array [',
      '+   "step_1 overlaps the minimap",',
      '+ ]',
      '',
      '  62 |   for (let i = 0; i < 2; i++) {',
      '> 63 |     await expect.poll(() => cardsOutOfPlace(page)).toEqual([]);',
      '    at /work/e2e/canvas-drop.spec.ts:63:5',
    ].join('\n');
    expect(errorHead(message).split('\n')).toEqual([
      'Error: expect(received).toEqual(expected) // deep equality',
      '      - Expected  - 1',
      '      + Received  + 3',
      '      - Array []',
      '      + Array [',
      '      +   "step_1 overlaps the minimap",',
      '      + ]',
    ]);
    const long = ['first', ...Array.from({ length: 20 }, (_, i) => `line ${i}`)].join('\n');
    expect(errorHead(long).split('\n')).toHaveLength(9);
    expect(errorHead(long).endsWith('…')).toBe(true);
    expect(errorHead('Error: page crashed\nCall log:\n  - waiting')).toBe('Error: page crashed');
  });

  test('playwright counts reach the last line', () => {
    const green = { numPassedTests: 3, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, testResults: [] };
    const e2e = { stats: { expected: 1, unexpected: 0, flaky: 0, skipped: 1 }, errors: [] };
    expect(run('--vitest', file('g3.json', green), '--playwright', `${file('e.json', e2e)}=0`)).toEqual({ status: 0, lastLine: '4 passed, 0 failed, 1 skipped' });
    expect(run('--vitest', file('g4.json', green), '--playwright', `${file('e2.json', e2e)}=1`).lastLine).toBe('4 passed, 1 failed, 1 skipped');
  });
});
