import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPython, defaultRuntimePath } from '../../config/config.js';
import { tempHome } from '../../testing/cli-harness.js';
import type { TaskEvent } from '../backend.js';
import { LocalBackend } from './local-backend.js';

const warmBackend = (): LocalBackend =>
  new LocalBackend({ python: process.env['FLOWBENCH_PYTHON'] ?? defaultPython(), runtimePath: defaultRuntimePath(), warmWorkers: true });

/** How many warm worker processes this test process has started and not yet reaped. */
const workerProcesses = (): number =>
  execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n').filter((line) => line.includes('flowbench.worker')).length;

/** A two-step ProbeFlow: `module` runs when it is imported, `start` in its start step. */
const probeFlow = ({ module = '', start = '' }: { module?: string; start?: string } = {}): string =>
  `from flowbench import FlowSpec, step\n${module}\n\nclass ProbeFlow(FlowSpec):\n    @step\n    def start(self):\n${start ? `        ${start}\n` : ''}        self.next(self.end)\n\n    @step\n    def end(self):\n        pass\n`;

/**
 * Runs the start step of ProbeFlow in `flowFile` (checked out in `codeDir`) on the backend, with
 * its spec, logs and outputs in `work`; checks it exited 0 and returns what it printed.
 */
async function runStart(backend: LocalBackend, flowFile: string, codeDir: string, work: string, label: string): Promise<string> {
  await mkdir(join(work, 'out'), { recursive: true });
  const spec = {
    protocol: 1, flow_file: flowFile, flow_class: 'ProbeFlow', flow_name: 'ProbeFlow', step: 'start', run_id: 'R', task_id: '1',
    retry_count: 0, max_user_code_retries: 0, username: 'u', tags: [], parameters: {}, inputs: [], foreach_stack: [],
    static_transition: { kind: 'linear', targets: ['end'] }, environment: {}, output_dir: join(work, 'out'),
  };
  await writeFile(join(work, 'spec.json'), JSON.stringify(spec));
  const events: TaskEvent[] = [];
  for await (const event of backend.run(
    { label, flowFile, code: { sha: label, dir: codeDir, entry: 'probe.py', files: ['probe.py'] }, specPath: join(work, 'spec.json'), stdoutPath: join(work, 'stdout'), stderrPath: join(work, 'stderr'), outputDir: join(work, 'out'), environment: {}, inputPaths: [],
      runId: 'R', resources: { cpu: null, memoryMiB: null, gpu: null }, image: null },
    new AbortController().signal,
  )) events.push(event);
  expect(events.at(-1)).toMatchObject({ type: 'exited', exitCode: 0 });
  return readFile(join(work, 'stdout'), 'utf8');
}

/** A worker-level check: a flow edited between two runs is not served from a stale preload. */
describe('LocalBackend warm workers', () => {
  it('reloads the flow module when the file changed since the worker started', async () => {
    const dir = await tempHome();
    const flowFile = join(dir, 'probe.py');
    const backend = warmBackend();
    const runOnce = async (marker: string): Promise<string> => {
      await writeFile(flowFile, probeFlow({ module: `MARK = ${JSON.stringify(marker)}`, start: 'print(MARK)' }));
      const later = new Date(Date.now() + (marker === 'second' ? 5000 : 0));
      await utimes(flowFile, later, later);
      return (await runStart(backend, flowFile, dir, join(dir, marker), marker)).trim();
    };
    try {
      expect(await runOnce('first')).toBe('first');
      expect(await runOnce('second')).toBe('second');
    } finally {
      await backend.close();
    }
  });

  it('an interpreter started before any flow is known becomes the first flow\'s worker', async () => {
    const dir = await tempHome();
    const backend = warmBackend();
    try {
      backend.startInterpreter();
      expect(workerProcesses()).toBe(1);
      // It says which interpreter it is, so no probe process is needed.
      expect(await backend.interpreter()).toMatchObject({ version: expect.stringMatching(/^3\.\d+\.\d+$/) });
      expect(workerProcesses()).toBe(1);
      const flowFile = join(dir, 'probe.py');
      await writeFile(flowFile, probeFlow({ module: 'print("imported")', start: 'print("ran")' }));
      backend.prewarm(flowFile);
      // The task ran in a fork of the early interpreter, which had imported the flow: the task
      // did not import it again (its own print would be in its log), and no second worker started.
      expect(await runStart(backend, flowFile, dir, dir, 's')).toBe('ran\n');
      expect(workerProcesses()).toBe(1);
    } finally {
      await backend.close();
    }
    expect(workerProcesses()).toBe(0);
  });

  it('an interpreter started ahead and never given a flow ends with the backend', async () => {
    const backend = warmBackend();
    backend.startInterpreter();
    expect(workerProcesses()).toBe(1);
    await backend.close();
    expect(workerProcesses()).toBe(0);
  });

  it('released idle workers exit on their own, without the backend waiting for them', async () => {
    const dir = await tempHome();
    const backend = warmBackend();
    const flowFile = join(dir, 'probe.py');
    await writeFile(flowFile, probeFlow());
    backend.prewarm(flowFile);
    expect(workerProcesses()).toBe(1);
    await backend.close({ release: true });
    // The shutdown request was sent: the worker exits by itself (a `ps` of a zombie is not counted).
    const deadline = Date.now() + 10_000;
    while (workerProcesses() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(workerProcesses()).toBe(0);
  });

  it('keeps a few warm workers as code packages change, not one per package forever', async () => {
    const dir = await tempHome();
    const backend = warmBackend();
    try {
      for (let version = 0; version < 6; version += 1) {
        // Each run of edited code has its own checkout, as the engine makes them.
        const checkout = join(dir, `package-${version}`);
        await mkdir(checkout, { recursive: true });
        const flowFile = join(checkout, 'probe.py');
        await writeFile(flowFile, probeFlow());
        await runStart(backend, flowFile, checkout, checkout, `v${version}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500)); // let the closed ones exit
      expect(workerProcesses()).toBeLessThanOrEqual(4);
      expect(workerProcesses()).toBeGreaterThan(0);
    } finally {
      await backend.close();
    }
  });
});
