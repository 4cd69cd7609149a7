/**
 * @resources as real limits, and a flow whose steps run partly local, partly in Docker.
 */
import { describe, expect, it } from 'vitest';
import { cli, runFlow, tempHome } from '../../testing/cli-harness.js';
import { localDocker, skipUnless } from '../../testing/docker-targets.js';
import { flowbenchContainers, showRun } from '../../testing/docker-containers.js';

const limitsFlow = new URL('./fixtures/limits_flow.py', import.meta.url).pathname;
const mixedFlow = new URL('./fixtures/mixed_flow.py', import.meta.url).pathname;

describe.skipIf(skipUnless(localDocker))(`limits and mixed flows${skipUnless(localDocker) ? ` (skipped: ${localDocker.reason})` : ''}`, () => {
  it('fails a step over its memory limit with "out of memory (limit N MiB)"', async () => {
    const home = await tempHome();
    const { code, result } = await runFlow(limitsFlow, home, ['--backend', 'docker']);
    expect(code).toBe(1);
    const start = (await showRun(result.pathspec, home)).tasks.find((t) => t.step === 'start')!;
    expect(start.exception?.message).toBe('out of memory (limit 64 MiB)');
    expect(await flowbenchContainers({ run: result.run })).toEqual([]);
  }, 60_000);

  it('gives a CPU-limited busy loop about the CPU it was given (cpu=0.5)', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(limitsFlow, home, ['--backend', 'docker', '--param', 'hog_mib=1']);
    expect(code, stderr).toBe(0);
    const ratio = JSON.parse((await cli(['artifact', `${result.pathspec}/busy`, 'cpu_ratio', '--json'], home)).stdout) as number;
    // CFS quota of 50 ms per 100 ms period: about half a CPU, give or take scheduling noise.
    expect(ratio).toBeGreaterThan(0.35);
    expect(ratio).toBeLessThan(0.65);
  }, 60_000);

  it('runs a @docker step in a container while the rest of the run is local', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(mixedFlow, home);
    expect(code, stderr).toBe(0);
    const value = async (step: string, name: string): Promise<unknown> =>
      JSON.parse((await cli(['artifact', `${result.pathspec}/${step}`, name, '--json'], home)).stdout);
    expect(await value('start', 'start_in_docker')).toBe(false);
    expect(await value('inside', 'inside_in_docker')).toBe(true);
    expect(await value('end', 'end_in_docker')).toBe(false);
    expect(await flowbenchContainers({ run: result.run })).toEqual([]);
  }, 60_000);
});
