/**
 * DataFrames from Debian's pandas (no Parquet writer) end up as Parquet tables DuckDB reads.
 * scripts/provision.sh installs python3-pandas; without it this suite fails rather than skips,
 * because CI must exercise it.
 */
import { describe, expect, it } from 'vitest';
import { cli, fixture, runFlow, tempHome } from '../testing/cli-harness.js';

describe('tables', () => {
  it('stores a DataFrame as a queryable table and as its exact value for later steps', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(fixture('tables_flow.py'), home);
    expect(code, stderr).toBe(0);
    const task = JSON.parse((await cli(['show', `${result.pathspec}/start`, '--json'], home)).stdout).tasks[0];
    const df = task.artifacts.df;
    expect(df.table.rows).toBe(3);
    expect(df.table.columns.map((c: { name: string }) => c.name)).toEqual(['name', 'score', 'n']);
    expect(df.preview).toMatch(/3 rows/);
    const table = JSON.parse((await cli(['artifact', `${result.pathspec}/start`, 'df', '--json'], home)).stdout);
    expect(table.kind).toBe('table');
    expect(table.rows).toEqual([
      { name: 'a', score: 0.5, n: '1' },
      { name: 'b', score: 1.5, n: '2' },
      { name: 'c', score: 2.5, n: '3' },
    ]);
    expect(JSON.parse((await cli(['artifact', `${result.pathspec}/summarize`, 'total', '--json'], home)).stdout)).toBe(4.5);
    const printed = await cli(['artifact', `${result.pathspec}/summarize`, 'df2'], home);
    expect(printed.stdout).toMatch(/name\s+score\s+n/);
    expect(printed.stdout).toContain('c');
  });
});
