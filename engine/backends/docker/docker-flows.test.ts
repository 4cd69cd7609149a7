/**
 * Every graph shape and per-step feature of the engine, run with `--backend docker` through the
 * real CLI: the same fixtures as engine/runtime's tests, now with each task in a container.
 */
import { describe, expect, it } from 'vitest';
import { cli, fixture, runFlow, tempHome } from '../../testing/cli-harness.js';
import { localDocker, skipUnless } from '../../testing/docker-targets.js';
import { flowbenchContainers, showRun } from '../../testing/docker-containers.js';
import { runWhileEditing } from '../../testing/edit-mid-run.js';

const docker = ['--backend', 'docker'];

describe.skipIf(skipUnless(localDocker))(`flows in Docker${skipUnless(localDocker) ? ` (skipped: ${localDocker.reason})` : ''}`, () => {
  it('runs a linear flow in containers, records the backend, and leaves no container behind', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(fixture('linear_flow.py'), home, docker);
    expect(code, stderr).toBe(0);
    expect(JSON.parse((await cli(['artifact', `${result.pathspec}/end`, 'count', '--json'], home)).stdout)).toBe(3);
    expect((await cli(['logs', `${result.pathspec}/end`], home)).stdout).toContain('count is 3');
    expect(await flowbenchContainers({ run: result.run })).toEqual([]);
  });

  it('fans out a foreach over two workers and joins in order', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(fixture('foreach_flow.py'), home, [...docker, '--param', 'alpha=2', '--param', 'width=4', '--max-workers', '2']);
    expect(code, stderr).toBe(0);
    expect(JSON.parse((await cli(['artifact', `${result.pathspec}/join`, 'scores', '--json'], home)).stdout)).toEqual([2, 4, 6, 8]);
  });

  it('runs a static branch with its join, and a nested foreach', async () => {
    const home = await tempHome();
    const branch = await runFlow(fixture('branch_flow.py'), home, docker);
    expect(branch.code, branch.stderr).toBe(0);
    expect(JSON.parse((await cli(['artifact', `${branch.result.pathspec}/join`, 'sides', '--json'], home)).stdout)).toEqual(['L', 'R']);
    const nested = await runFlow(fixture('nested_foreach_flow.py'), home, docker);
    expect(nested.code, nested.stderr).toBe(0);
    expect(JSON.parse((await cli(['artifact', `${nested.result.pathspec}/outer_join`, 'all_cells', '--json'], home)).stdout)).toHaveLength(6);
  });

  it('retries a failing step in a fresh attempt', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(fixture('retry_flow.py'), home, docker);
    expect(code, stderr).toBe(0);
    const flaky = (await showRun(result.pathspec, home)).tasks.find((t) => t.step === 'flaky')!;
    expect(flaky.attempts).toBe(3);
  });

  it('kills the container of a step past its @timeout', async () => {
    const home = await tempHome();
    const started = Date.now();
    const { code, result } = await runFlow(fixture('timeout_flow.py'), home, docker);
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    const slow = (await showRun(result.pathspec, home)).tasks.find((t) => t.step === 'slow')!;
    expect(slow.exception?.message).toMatch(/timed out after 1 s/);
    expect((await cli(['logs', `${result.pathspec}/slow`], home)).stdout).toContain('sleeping');
    expect(await flowbenchContainers({ run: result.run })).toEqual([]);
  });

  it('@catch records a raised exception and a timeout, and the flow goes on', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(fixture('catch_flow.py'), home, docker);
    expect(code, stderr).toBe(0);
    const logs = await cli(['logs', `${result.pathspec}/end`], home);
    expect(logs.stdout).toContain('failure: ValueError bad input row 7');
    expect(logs.stdout).toMatch(/too slow: .*timed out/);
  });

  it('stores a pandas DataFrame made inside the container as a table', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(fixture('tables_flow.py'), home, docker);
    expect(code, stderr).toBe(0);
    const task = JSON.parse((await cli(['show', `${result.pathspec}/start`, '--json'], home)).stdout).tasks[0];
    expect(task.artifacts.df.table.rows).toBe(3);
    expect(JSON.parse((await cli(['artifact', `${result.pathspec}/summarize`, 'total', '--json'], home)).stdout)).toBe(4.5);
  });

  it('resumes a failed run in Docker, reusing the tasks before the failed step', async () => {
    const home = await tempHome();
    const flow = new URL('./fixtures/napping_flow.py', import.meta.url).pathname;
    const failed = await runFlow(flow, home, docker);
    expect(failed.result.status).toBe('failed');
    const resumed = await cli(['resume', flow, failed.result.run, '--json', '--param', 'ok=true', ...docker], home);
    expect(resumed.code, resumed.stderr).toBe(0);
    const run = await showRun(JSON.parse(resumed.stdout.trim()).pathspec, home);
    expect(run.tasks.filter((t) => t.origin).map((t) => t.step).sort()).toEqual(['gather', 'square', 'square', 'square', 'start']);
    expect((await cli(['logs', `${JSON.parse(resumed.stdout.trim()).pathspec}/end`], home)).stdout).toContain('total 14');
  });

  it('runs the code package snapshotted at run start, not the file edited mid-run', async () => {
    const home = await tempHome();
    const run = await runWhileEditing(home, docker);
    expect(run.code, run.stderr).toBe(0);
    // end imports lib/helpers.py: the whole package went into the container, as it was.
    expect(JSON.parse((await cli(['artifact', `${run.pathspec}/end`, 'code', '--json'], home)).stdout)).toBe('old');
    expect(JSON.parse((await cli(['artifact', `${run.pathspec}/end`, 'helper', '--json'], home)).stdout)).toBe('v1');
  });

  it('fails a task whose image cannot be pulled, naming the image and the reason', async () => {
    const home = await tempHome();
    const { code, stderr } = await runFlow(fixture('linear_flow.py'), home, [...docker, '--image', 'flowbench-test/no-such-image:1']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/image "flowbench-test\/no-such-image:1" is not on the local Docker engine and pulling it failed: .+\. Load or build it there/);
  }, 60_000);
});
