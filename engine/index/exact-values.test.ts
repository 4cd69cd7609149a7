/**
 * Exact values: a parameter of 2**60 + 1 (beyond ±2^53, where JS numbers round) comes out with its
 * exact digits from `flowbench runs --json`, the `params` view, `flowbench compare --json` and the
 * API; a column summary counts distinct values exactly (and says when a huge table's is an estimate).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../store/run-store.js';
import { cli, runFlow, tempHome } from '../testing/cli-harness.js';
import { artifactSummary } from './artifact-table.js';
import { runView, toRunSummary } from '../api/run-views.js';
import { ExactNumber } from '../util/exact-json.js';
import { listRuns } from './run-list.js';
import { RunIndex } from './run-index.js';
import { runUserQuery } from './user-query.js';

const flow = join(import.meta.dirname, 'fixtures', 'exact_values_flow.py');
const BIG = '1152921504606846977'; // 2**60 + 1; as a JS number it would print ...976
const OTHER = '1152921504606846979';
let home: string;
let a: string;
let b: string;

beforeAll(async () => {
  home = await tempHome();
  const first = await runFlow(flow, home);
  expect(first.code, first.stderr).toBe(0);
  const second = await runFlow(flow, home, ['--param', `seed=${OTHER}`]);
  expect(second.code, second.stderr).toBe(0);
  a = first.result.pathspec;
  b = second.result.pathspec;
}, 180_000);

describe('integers beyond 2^53', () => {
  it('flowbench runs --json prints the parameter exactly', async () => {
    const out = await cli(['runs', 'ExactValuesFlow', '--json'], home);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain(`"parameters":{"seed":${BIG}}`);
    expect(out.stdout).toContain(`"parameters":{"seed":${OTHER}}`);
  });

  it('the params view holds the exact JSON text, and query --json gives it back', async () => {
    const index = await RunIndex.open(RunStore.open(home));
    try {
      await index.catchUp();
      const result = await runUserQuery(index, `SELECT value, value_double FROM params WHERE run_id = '${a.split('/')[1]}'`, { limit: 10, namespace: 'all' });
      expect(result.rows).toEqual([{ value: BIG, value_double: Number(BIG) }]);
      const parsed = await runUserQuery(index, `SELECT value::HUGEINT AS seed FROM params WHERE run_id = '${b.split('/')[1]}'`, { limit: 10, namespace: 'all' });
      expect(parsed.rows).toEqual([{ seed: OTHER }]);
      // The app gets plain JSON: the digits as a string, never a rounded number.
      const [summary] = (await listRuns(index, { namespace: 'all', flow: 'ExactValuesFlow', limit: 1 })).map(toRunSummary);
      expect(summary!.parameters).toEqual({ seed: OTHER });
    } finally {
      index.close();
    }
  });

  it('a run read from the store (runs.get, flowbench show) keeps it exactly', async () => {
    const [flowName, runId] = a.split('/') as [string, string];
    const stored = await RunStore.open(home).getRun(flowName, runId);
    expect(stored!.record.parameters['seed']).toEqual(new ExactNumber(BIG));
    expect(toRunSummary(runView(stored!)).parameters).toEqual({ seed: BIG });
    const out = await cli(['show', a, '--json'], home);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain(`"seed":${BIG}`);
  });

  it('flowbench compare --json shows both values exactly, and that they differ', async () => {
    const out = await cli(['compare', a, b, '--json'], home);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain(`"params":[{"name":"seed","a":${BIG},"b":${OTHER},"same":false}]`);
    const same = await cli(['compare', a, a, '--json'], home);
    expect(same.stdout).toContain(`"params":[{"name":"seed","a":${BIG},"b":${BIG},"same":true}]`);
  });
});

describe('column summaries', () => {
  it('count distinct values exactly, and mark an estimate on a table past the exact limit', async () => {
    const index = await RunIndex.open(RunStore.open(home));
    try {
      await index.catchUp();
      const [task] = await index.read(`SELECT pathspec FROM tasks WHERE run_id = '${a.split('/')[1]}' AND step = 'start'`);
      const pathspec = String(task!.pathspec);
      const exact = await artifactSummary(index, pathspec, 'ids');
      expect(exact.map((column) => [column.name, column.distinct, column.distinctApproximate])).toEqual([
        ['id', 500, false],
        ['n', 1000, false],
      ]);
      const estimated = await artifactSummary(index, pathspec, 'ids', { exactDistinctUpTo: 100 });
      expect(estimated.every((column) => column.distinctApproximate)).toBe(true);
      expect(estimated[0]!.distinct).toBeGreaterThan(400);
    } finally {
      index.close();
    }
  });
});
