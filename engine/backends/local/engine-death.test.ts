/**
 * kill -9 of the engine (the `flowbench run` process) while a task sleeps: nothing it started
 * keeps running, the run reads as failed, and the next engine to look removes its scratch.
 * Real processes throughout: the built CLI, Python, the warm worker or a cold task.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, collect, spawnCli, tempHome } from '../../testing/cli-harness.js';

const FLOW = fileURLToPath(new URL('./fixtures/sleeper_flow.py', import.meta.url));

/** A process that exists and is not a zombie waiting for its parent. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

async function until(condition: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(process.platform !== 'linux')('when the engine is killed mid-run', () => {
  it.each([
    ['a task forked by the warm worker', {}],
    ['a cold task (FLOWBENCH_WARM_WORKERS=0)', { FLOWBENCH_WARM_WORKERS: '0' }],
  ])('%s dies with it, the run reads failed and its work/ is removed by the next engine', async (_name, env) => {
    const home = await tempHome();
    const pidsFile = join(home, 'pids');
    const engine = spawnCli(['run', FLOW, '--json'], home, { SLEEPER_PIDS: pidsFile, ...env });
    const exited = collect(engine);
    const leftovers: number[] = [];
    try {
      await until(() => existsSync(pidsFile), 'the task to start');
      const [task, helper] = readFileSync(pidsFile, 'utf8').split(' ').map(Number) as [number, number];
      const parent = parentOf(task);
      leftovers.push(task, helper, parent);
      expect(alive(task) && alive(helper)).toBe(true);
      const warm = parent !== engine.pid;
      expect(warm).toBe(!('FLOWBENCH_WARM_WORKERS' in env));

      engine.kill('SIGKILL');
      await exited;
      // The task (and, through the warm worker, what the task started) goes with its engine.
      const watched = warm ? [task, helper, parent] : [task];
      await until(() => watched.every((pid) => !alive(pid)), `${watched.filter(alive).join(', ')} to end`);

      const [runId] = readdirSync(join(home, 'runs', 'SleeperFlow'));
      expect(existsSync(join(home, 'work', runId!))).toBe(true); // nobody has cleaned up yet
      const [run] = JSON.parse((await cli(['runs', 'SleeperFlow', '--json'], home)).stdout);
      expect(run).toMatchObject({ status: 'failed', statusNote: expect.stringContaining('stopped before it finished') });
      // That `runs` was the next engine to see the run dead: the scratch it left is gone.
      expect(existsSync(join(home, 'work', run.run))).toBe(false);
    } finally {
      for (const pid of leftovers) {
        try {
          if (alive(pid)) process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  });
});
