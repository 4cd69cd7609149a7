import { describe, expect, test } from 'vitest';
import { LocalByteStorage } from '../store/local-byte-storage.js';
import { RunStore } from '../store/run-store.js';
import { cli, fixture, runFlow, tempHome } from '../testing/cli-harness.js';
import { listItems, runView, toRunJson, toRunSummary } from './run-views.js';

describe('listItems', () => {
  test('reads the items of a list preview, strings and nesting kept whole', () => {
    expect(listItems("['x', 'y', 'z']")).toEqual(["'x'", "'y'", "'z'"]);
    expect(listItems("[1, (2, 3), 'a,b', \"it's\"]")).toEqual(['1', '(2, 3)', "'a,b'", '"it\'s"']);
  });
  test('a cut-short preview or something else is no list', () => {
    expect(listItems('[1, 2, ...]')).toBeNull();
    expect(listItems('{1: 2}')).toBeNull();
  });
});

describe('the CLI and the API read runs and artifacts through one function', () => {
  test('an artifact named constructor is looked up, not Object.prototype.constructor', async () => {
    const home = await tempHome();
    const { result } = await runFlow(fixture('linear_flow.py'), home);
    const missing = await cli(['artifact', `${result.pathspec}/end`, 'constructor'], home);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/has no artifact "constructor"/);
  }, 60_000);

  test('runs --json is the API summary under the CLI names: run for runId, the same status and times', async () => {
    const home = await tempHome();
    const { result } = await runFlow(fixture('linear_flow.py'), home);
    const [json] = JSON.parse((await cli(['runs', '--json'], home)).stdout) as Record<string, unknown>[];
    const store = new RunStore(new LocalByteStorage(home));
    const [stored] = await store.listRuns();
    const summary = toRunSummary(runView(stored!));
    expect(json).toMatchObject({ run: summary.runId, pathspec: result.pathspec, status: summary.status, startedAt: summary.startedAt, finishedAt: summary.finishedAt, durationMs: summary.durationMs });
    expect(toRunJson(runView(stored!))).toEqual(json);
  }, 60_000);
});
