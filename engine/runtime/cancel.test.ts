/**
 * Cancellation and sharing the store, with the built CLI in separate processes (signals and
 * concurrency need real processes). `npm test` builds the engine first.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, collect, fixture, spawnCli, tempHome, waitForStderr } from '../testing/cli-harness.js';

async function processesMentioning(text: string): Promise<number> {
  let count = 0;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const { readFile } = await import('node:fs/promises');
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes(text)) count += 1;
    } catch {
      // gone
    }
  }
  return count;
}

describe('cancel', () => {
  it('Ctrl-C stops running tasks, marks the run cancelled and leaves the store consistent', async () => {
    const home = await tempHome();
    const child = spawnCli(['run', fixture('slow_flow.py'), '--json'], home);
    const done = collect(child);
    await waitForStderr(child, /waiting \d/, 2); // both foreach tasks are running
    // While it runs, `show` lists the tasks in flight from their attempt records.
    const [live] = JSON.parse((await cli(['runs', 'SlowFlow', '--json'], home)).stdout);
    expect(live.status).toBe('running');
    const during = JSON.parse((await cli(['show', live.pathspec, '--json'], home)).stdout);
    expect(during.tasks.filter((t: { step: string; status: string }) => t.step === 'wait' && t.status === 'running')).toHaveLength(2);
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout.trim());
    expect(json.status).toBe('cancelled');

    const run = JSON.parse((await cli(['show', json.pathspec, '--json'], home)).stdout);
    expect(run.status).toBe('cancelled');
    const waits = run.tasks.filter((t: { step: string }) => t.step === 'wait');
    expect(waits.map((t: { status: string }) => t.status)).toEqual(['cancelled', 'cancelled']);
    // No task process survives its run, and no half-written record is left.
    expect(await processesMentioning(home)).toBe(0);
    const leftovers: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.name.includes('.tmp-')) leftovers.push(path);
      }
    };
    await walk(home);
    expect(leftovers).toEqual([]);
    expect(existsSync(join(home, 'work', json.run))).toBe(false);
  });
});

describe('one store, several processes', () => {
  it('two flowbench processes running at once corrupt nothing', async () => {
    const home = await tempHome();
    const runs = await Promise.all(
      [0, 1, 2].map(() => collect(spawnCli(['run', fixture('foreach_flow.py'), '--json', '--param', 'width=5'], home))),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const ids = runs.map((r) => JSON.parse(r.stdout).run);
    expect(new Set(ids).size).toBe(3);
    const listed = JSON.parse((await cli(['runs', 'ForeachFlow', '--json'], home)).stdout);
    expect(listed).toHaveLength(3);
    for (const id of ids) {
      const shown = JSON.parse((await cli(['show', `ForeachFlow/${id}`, '--json'], home)).stdout);
      expect(shown.status).toBe('succeeded');
      expect(shown.tasks).toHaveLength(8); // start, 5 x train, join, end
      expect(JSON.parse((await cli(['artifact', `ForeachFlow/${id}/join`, 'best', '--json'], home)).stdout)).toBe(2.5);
    }
  });
});
