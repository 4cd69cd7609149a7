/**
 * The engine going away mid-run: a cancel kills the containers; a kill -9 of the CLI leaves
 * containers that the next start removes, and the run shows as failed and can be resumed.
 * These use the built CLI in separate processes (`npm test` builds first).
 */
import { describe, expect, it } from 'vitest';
import { cli, collect, fixture, spawnCli, tempHome, waitForStderr } from '../../testing/cli-harness.js';
import { localDocker, skipUnless } from '../../testing/docker-targets.js';
import { flowbenchContainers, showRun } from '../../testing/docker-containers.js';

const nappingFlow = new URL('./fixtures/napping_flow.py', import.meta.url).pathname;

async function waitFor(check: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(skipUnless(localDocker))(`faults in Docker${skipUnless(localDocker) ? ` (skipped: ${localDocker.reason})` : ''}`, () => {
  it('Ctrl-C cancels the run and removes its containers', async () => {
    const home = await tempHome();
    const child = spawnCli(['run', fixture('slow_flow.py'), '--json', '--backend', 'docker'], home);
    const done = collect(child);
    await waitForStderr(child, /waiting \d/, 2); // both foreach tasks are running
    child.kill('SIGINT');
    const result = await done;
    const { run, status } = JSON.parse(result.stdout.trim()) as { run: string; status: string };
    expect(status).toBe('cancelled');
    expect(await flowbenchContainers({ run })).toEqual([]);
  }, 90_000);

  it('after kill -9 of the CLI, the next start removes its containers; the run shows failed and resumes', async () => {
    const home = await tempHome();
    const child = spawnCli(['run', nappingFlow, '--backend', 'docker', '--param', 'seconds=120', '--param', 'ok=true'], home);
    const done = collect(child);
    const pid = child.pid!;
    let printed = '';
    child.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
    await waitFor(async () => printed.includes('napping'), 'the nap step to start');
    expect((await flowbenchContainers({ enginePid: pid })).length).toBeGreaterThan(0);
    child.kill('SIGKILL');
    await done;

    const runs = JSON.parse((await cli(['runs', '--json'], home)).stdout) as { pathspec: string; runId?: string; status: string }[];
    expect(runs[0]!.status).toBe('failed');
    const pathspec = runs[0]!.pathspec;
    expect((await showRun(pathspec, home)).status).toBe('failed');

    // The next start (a resume, with a short nap) cleans up what the dead engine left.
    const resumed = await cli(['resume', nappingFlow, pathspec.split('/')[1]!, '--json', '--backend', 'docker', '--param', 'seconds=0', '--param', 'ok=true'], home);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await flowbenchContainers({ enginePid: pid })).toEqual([]);
    const run = await showRun(JSON.parse(resumed.stdout.trim()).pathspec, home);
    expect(run.status).toBe('succeeded');
    expect(run.tasks.filter((t) => t.origin).length).toBe(5);
  }, 120_000);
});
