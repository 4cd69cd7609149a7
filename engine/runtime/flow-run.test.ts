/**
 * Real flows, run by the real CLI with real Python (FLOWBENCH_PYTHON, else /usr/bin/python3),
 * each against a fresh store. These are the engine's integration tests: every graph shape and
 * every per-step feature, read back the way a user would (show --json, artifact --json, logs).
 */
import { describe, expect, it } from 'vitest';
import { cli, fixture, runFlow, tempHome } from '../testing/cli-harness.js';

interface TaskJson {
  step: string;
  taskId: string;
  status: string;
  attempts: number;
  foreachIndices: number[];
  origin?: string;
  caught?: { type: string; message: string };
  exception?: { type: string; message: string };
  artifacts: Record<string, { type: string; encoding: string; preview: string; size: number; table?: { rows: number } }>;
}

async function showRun(pathspec: string, home: string): Promise<{ status: string; tasks: TaskJson[]; parameters: Record<string, unknown>; tags: string[]; origin?: { runId: string; fromStep: string } }> {
  const shown = await cli(['show', pathspec, '--json'], home);
  expect(shown.code, shown.stderr).toBe(0);
  return JSON.parse(shown.stdout);
}

async function artifact(pathspec: string, name: string, home: string): Promise<unknown> {
  const out = await cli(['artifact', pathspec, name, '--json'], home);
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout);
}

describe('graph shapes', () => {
  it('runs a linear flow and keeps every artifact, inherited ones included', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(fixture('linear_flow.py'), home);
    expect(code, stderr).toBe(0);
    expect(result.status).toBe('succeeded');
    expect(result.flow).toBe('LinearFlow');
    expect(result.pathspec).toBe(`LinearFlow/${result.run}`);
    const run = await showRun(result.pathspec, home);
    expect(run.tasks.map((t) => t.step)).toEqual(['start', 'a', 'b', 'end']);
    expect(run.tags).toContain('user:tester');
    expect(await artifact(`${result.pathspec}/end`, 'count', home)).toBe(3);
    expect(await artifact(`${result.pathspec}/end`, 'items', home)).toEqual([1, 2, { x: null }]);
    expect(await artifact(`${result.pathspec}/a`, 'message', home)).toBe('hello');
    const logs = await cli(['logs', `${result.pathspec}/end`], home);
    expect(logs.stdout).toContain('count is 3');
    expect(stderr).toContain('[start/1] starting');
  });

  it('runs a static branch and its join (inputs by name, merge_artifacts with exclude)', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(fixture('branch_flow.py'), home);
    expect(code, stderr).toBe(0);
    const join = `${result.pathspec}/join`;
    expect(await artifact(join, 'sides', home)).toEqual(['L', 'R']);
    expect(await artifact(join, 'from_left', home)).toBe('L');
    expect(await artifact(join, 'shared', home)).toBe('same everywhere');
    expect(await artifact(join, 'left_only', home)).toBe(1);
  });

  it('fans out a foreach with its parameters and joins every split in order', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(fixture('foreach_flow.py'), home, ['--param', 'alpha=2', '--param', 'width=4', '--max-workers', '2']);
    expect(code, stderr).toBe(0);
    const run = await showRun(result.pathspec, home);
    const trains = run.tasks.filter((t) => t.step === 'train');
    expect(trains).toHaveLength(4);
    expect(trains.map((t) => t.foreachIndices[0]).sort()).toEqual([0, 1, 2, 3]);
    expect(await artifact(`${result.pathspec}/join`, 'scores', home)).toEqual([2, 4, 6, 8]);
    expect(run.parameters).toEqual({ alpha: 2, width: 4 });
  });

  it('gives a wide join every input in order, its spec written in pieces', async () => {
    // 150 inputs of ~1.4 kB each (every task inherits `grid`, whose preview is 200 characters):
    // the join's spec is several of task-executor's 64 KiB pieces.
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(fixture('foreach_flow.py'), home, ['--param', 'alpha=2', '--param', 'width=150', '--max-workers', '2']);
    expect(code, stderr).toBe(0);
    expect(await artifact(`${result.pathspec}/join`, 'scores', home)).toEqual(Array.from({ length: 150 }, (_, i) => 2 * (i + 1)));
  }, 120_000);

  it('runs a nested foreach: self.input at each level, foreach_stack, two joins', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(fixture('nested_foreach_flow.py'), home);
    expect(code, stderr).toBe(0);
    expect(await artifact(`${result.pathspec}/outer_join`, 'all_cells', home)).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
    const run = await showRun(result.pathspec, home);
    expect(run.tasks.filter((t) => t.step === 'work')).toHaveLength(6);
    expect(run.tasks.filter((t) => t.step === 'inner_join')).toHaveLength(2);
  });

  it('takes one branch of a switch, and loops when a switch points back at its own step', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(fixture('switch_flow.py'), home, ['--param', 'mode=slow']);
    expect(code, stderr).toBe(0);
    const run = await showRun(result.pathspec, home);
    const steps = run.tasks.map((t) => t.step);
    expect(steps).toContain('careful');
    expect(steps).not.toContain('quick');
    expect(steps.filter((s) => s === 'again')).toHaveLength(3);
    expect(await artifact(`${result.pathspec}/end`, 'path', home)).toBe('careful');
  });
});

describe('parameters', () => {
  it('converts command-line values to their declared types', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(fixture('parameters_flow.py'), home, [
      '--param', 'count=7', '--param', 'verbose=true', '--param', 'config={"k": [1, 2]}', '--param', 'token=abc',
    ]);
    expect(code, stderr).toBe(0);
    expect(await artifact(`${result.pathspec}/start`, 'seen', home)).toEqual({
      count: 7, rate: 0.25, verbose: true, name: 'world', config: { k: [1, 2] }, token: 'abc',
    });
  });

  it('rejects a wrong value, an unknown name and a missing required one before anything runs', async () => {
    const home = await tempHome();
    const flow = fixture('parameters_flow.py');
    const wrong = await cli(['run', flow, '--param', 'count=seven', '--param', 'token=x'], home);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/Parameter "count" expects an integer, but got "seven"/);
    const unknown = await cli(['run', flow, '--param', 'cuont=1', '--param', 'token=x'], home);
    expect(unknown.stderr).toMatch(/Unknown parameter "cuont"/);
    const missing = await cli(['run', flow], home);
    expect(missing.stderr).toMatch(/Parameter "token" is required/);
    expect((await cli(['runs', '--json'], home)).stdout.trim()).toBe('[]');
  });
});

describe('per-step behaviour', () => {
  it('retries a failing step and records every attempt with its own logs', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(fixture('retry_flow.py'), home);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/retrying/);
    const run = await showRun(result.pathspec, home);
    const flaky = run.tasks.find((t) => t.step === 'flaky')!;
    expect(flaky.attempts).toBe(3);
    expect(await artifact(`${result.pathspec}/flaky`, 'succeeded_on', home)).toBe(2);
    const first = await cli(['logs', `${result.pathspec}/flaky`, '--attempt', '0', '--stderr'], home);
    expect(first.stdout).toContain('not yet (attempt 0)');
    const last = await cli(['logs', `${result.pathspec}/flaky`], home);
    expect(last.stdout).toContain('attempt 2');
  });

  it('kills a step that runs past its @timeout and fails the run', async () => {
    const home = await tempHome();
    const started = Date.now();
    const { code, result } = await runFlow(fixture('timeout_flow.py'), home);
    expect(code).toBe(1);
    expect(result.status).toBe('failed');
    expect(Date.now() - started).toBeLessThan(30_000);
    const run = await showRun(result.pathspec, home);
    const slow = run.tasks.find((t) => t.step === 'slow')!;
    expect(slow.status).toBe('failed');
    expect(slow.exception?.message).toMatch(/timed out after 1 s/);
    expect((await cli(['logs', `${result.pathspec}/slow`], home)).stdout).toContain('sleeping');
  });

  it('@catch records the exception (raised or timed out) and lets the flow go on', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(fixture('catch_flow.py'), home);
    expect(code, stderr).toBe(0);
    const run = await showRun(result.pathspec, home);
    expect(run.tasks.find((t) => t.step === 'risky')!.caught?.message).toContain('bad input row 7');
    expect(run.tasks.find((t) => t.step === 'sleepy')!.caught?.type).toBe('TimeoutError');
    const logs = await cli(['logs', `${result.pathspec}/end`], home);
    expect(logs.stdout).toContain('failure: ValueError bad input row 7');
    expect(logs.stdout).toMatch(/too slow: .*timed out/);
  });

  it('reports a crashing step with its exception and a non-zero exit', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(fixture('failing_flow.py'), home);
    expect(code).toBe(1);
    expect(result.status).toBe('failed');
    expect(stderr).toContain("KeyError: 'no such column: price'");
    const errLog = await cli(['logs', `${result.pathspec}/start`, '--stderr'], home);
    expect(errLog.stdout).toContain('Traceback');
    expect((await cli(['logs', `${result.pathspec}/start`], home)).stdout).toContain('about to fail');
  });
});

describe('flows written for Metaflow', () => {
  it('runs `from metaflow import ...` with a trailing MyFlow() unchanged', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(fixture('metaflow_flow.py'), home);
    expect(code, stderr).toBe(0);
    expect(await artifact(`${result.pathspec}/start`, 'who', home)).toBe('tester');
    expect(await artifact(`${result.pathspec}/start`, 'flow', home)).toBe('MetaflowStyleFlow');
  });
});

describe('artifacts', () => {
  it('stores identical values once (content-addressed)', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(fixture('dedup_flow.py'), home);
    expect(code, stderr).toBe(0);
    const { readdir } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const run = await showRun(result.pathspec, home);
    const end = run.tasks.find((t) => t.step === 'end')!;
    expect(Object.keys(end.artifacts).sort()).toEqual(['blob', 'first', 'second', 'third']);
    // first, second and third are one value: with blob, two artifact blobs; besides them, the
    // run's code package (each .py file of the flow's folder, and its manifest).
    let blobs = 0;
    for (const fan of await readdir(join(home, 'blobs', 'sha256'))) blobs += (await readdir(join(home, 'blobs', 'sha256', fan))).length;
    const { RunStore } = await import('../store/run-store.js');
    const { readCodeManifest } = await import('./code-package.js');
    const store = RunStore.open(home);
    const record = (await store.requireRun(result.flow, result.run)).record;
    const codeFiles = Object.keys((await readCodeManifest(store, record.codePackageSha!)).files).length;
    expect(blobs).toBe(2 + codeFiles + 1);
  });
});
