import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPython, defaultRuntimePath } from '../../config/config.js';
import { tempHome } from '../../testing/cli-harness.js';
import type { TaskEvent } from '../backend.js';
import { LocalBackend } from './local-backend.js';

/** A worker-level check: a flow edited between two runs is not served from a stale preload. */
describe('LocalBackend warm workers', () => {
  it('reloads the flow module when the file changed since the worker started', async () => {
    const dir = await tempHome();
    const flowFile = join(dir, 'probe.py');
    const backend = new LocalBackend({ python: process.env['FLOWBENCH_PYTHON'] ?? defaultPython(), runtimePath: defaultRuntimePath(), warmWorkers: true });
    const runOnce = async (marker: string): Promise<string> => {
      await writeFile(flowFile, `from flowbench import FlowSpec, step\nMARK = ${JSON.stringify(marker)}\n\nclass ProbeFlow(FlowSpec):\n    @step\n    def start(self):\n        print(MARK)\n        self.next(self.end)\n\n    @step\n    def end(self):\n        pass\n`);
      const later = new Date(Date.now() + (marker === 'second' ? 5000 : 0));
      await utimes(flowFile, later, later);
      const work = join(dir, marker);
      await mkdir(join(work, 'out'), { recursive: true });
      const spec = {
        protocol: 1, flow_file: flowFile, flow_class: 'ProbeFlow', flow_name: 'ProbeFlow', step: 'start', run_id: 'R', task_id: '1',
        retry_count: 0, max_user_code_retries: 0, username: 'u', tags: [], parameters: {}, inputs: [], foreach_stack: [],
        static_transition: { kind: 'linear', targets: ['end'] }, environment: {}, output_dir: join(work, 'out'),
      };
      await writeFile(join(work, 'spec.json'), JSON.stringify(spec));
      const events: TaskEvent[] = [];
      for await (const event of backend.run(
        { label: marker, flowFile, code: { sha: marker, dir, entry: 'probe.py', files: ['probe.py'] }, specPath: join(work, 'spec.json'), stdoutPath: join(work, 'stdout'), stderrPath: join(work, 'stderr'), outputDir: join(work, 'out'), environment: {}, inputPaths: [],
          runId: 'R', resources: { cpu: null, memoryMiB: null, gpu: null }, image: null },
        new AbortController().signal,
      )) events.push(event);
      expect(events.at(-1)).toMatchObject({ type: 'exited', exitCode: 0 });
      return (await readFile(join(work, 'stdout'), 'utf8')).trim();
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
    const backend = new LocalBackend({ python: process.env['FLOWBENCH_PYTHON'] ?? defaultPython(), runtimePath: defaultRuntimePath(), warmWorkers: true });
    const workers = (): number =>
      execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n').filter((line) => line.includes('flowbench.worker')).length;
    try {
      backend.startInterpreter();
      expect(workers()).toBe(1);
      // It says which interpreter it is, so no probe process is needed.
      expect(await backend.interpreter()).toMatchObject({ version: expect.stringMatching(/^3\.\d+\.\d+$/) });
      expect(workers()).toBe(1);
      const flowFile = join(dir, 'probe.py');
      await writeFile(flowFile, `from flowbench import FlowSpec, step\nprint("imported")\n\nclass ProbeFlow(FlowSpec):\n    @step\n    def start(self):\n        print("ran")\n        self.next(self.end)\n\n    @step\n    def end(self):\n        pass\n`);
      await mkdir(join(dir, 'out'), { recursive: true });
      const spec = {
        protocol: 1, flow_file: flowFile, flow_class: 'ProbeFlow', flow_name: 'ProbeFlow', step: 'start', run_id: 'R', task_id: '1',
        retry_count: 0, max_user_code_retries: 0, username: 'u', tags: [], parameters: {}, inputs: [], foreach_stack: [],
        static_transition: { kind: 'linear', targets: ['end'] }, environment: {}, output_dir: join(dir, 'out'),
      };
      await writeFile(join(dir, 'spec.json'), JSON.stringify(spec));
      backend.prewarm(flowFile);
      const events: TaskEvent[] = [];
      for await (const event of backend.run(
        { label: 'start', flowFile, code: { sha: 's', dir, entry: 'probe.py', files: ['probe.py'] }, specPath: join(dir, 'spec.json'), stdoutPath: join(dir, 'stdout'), stderrPath: join(dir, 'stderr'), outputDir: join(dir, 'out'), environment: {}, inputPaths: [],
          runId: 'R', resources: { cpu: null, memoryMiB: null, gpu: null }, image: null },
        new AbortController().signal,
      )) events.push(event);
      expect(events.at(-1)).toMatchObject({ type: 'exited', exitCode: 0 });
      // The task ran in a fork of the early interpreter, which had imported the flow: the task
      // did not import it again (its own print would be in its log), and no second worker started.
      expect(await readFile(join(dir, 'stdout'), 'utf8')).toBe('ran\n');
      expect(workers()).toBe(1);
    } finally {
      await backend.close();
    }
    expect(workers()).toBe(0);
  });

  it('an interpreter started ahead and never given a flow ends with the backend', async () => {
    const backend = new LocalBackend({ python: process.env['FLOWBENCH_PYTHON'] ?? defaultPython(), runtimePath: defaultRuntimePath(), warmWorkers: true });
    const workers = (): number =>
      execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n').filter((line) => line.includes('flowbench.worker')).length;
    backend.startInterpreter();
    expect(workers()).toBe(1);
    await backend.close();
    expect(workers()).toBe(0);
  });

  it('released idle workers exit on their own, without the backend waiting for them', async () => {
    const dir = await tempHome();
    const backend = new LocalBackend({ python: process.env['FLOWBENCH_PYTHON'] ?? defaultPython(), runtimePath: defaultRuntimePath(), warmWorkers: true });
    const workers = (): number =>
      execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n').filter((line) => line.includes('flowbench.worker')).length;
    const flowFile = join(dir, 'probe.py');
    await writeFile(flowFile, `from flowbench import FlowSpec, step\n\nclass ProbeFlow(FlowSpec):\n    @step\n    def start(self):\n        self.next(self.end)\n\n    @step\n    def end(self):\n        pass\n`);
    backend.prewarm(flowFile);
    expect(workers()).toBe(1);
    await backend.close({ release: true });
    // The shutdown request was sent: the worker exits by itself (a `ps` of a zombie is not counted).
    const deadline = Date.now() + 10_000;
    while (workers() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(workers()).toBe(0);
  });

  it('keeps a few warm workers as code packages change, not one per package forever', async () => {
    const dir = await tempHome();
    const backend = new LocalBackend({ python: process.env['FLOWBENCH_PYTHON'] ?? defaultPython(), runtimePath: defaultRuntimePath(), warmWorkers: true });
    const workers = (): number =>
      execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n').filter((line) => line.includes('flowbench.worker')).length;
    try {
      for (let version = 0; version < 6; version += 1) {
        // Each run of edited code has its own checkout, as the engine makes them.
        const checkout = join(dir, `package-${version}`);
        await mkdir(join(checkout, 'out'), { recursive: true });
        const flowFile = join(checkout, 'probe.py');
        await writeFile(flowFile, `from flowbench import FlowSpec, step\n\nclass ProbeFlow(FlowSpec):\n    @step\n    def start(self):\n        self.next(self.end)\n\n    @step\n    def end(self):\n        pass\n`);
        const spec = {
          protocol: 1, flow_file: flowFile, flow_class: 'ProbeFlow', flow_name: 'ProbeFlow', step: 'start', run_id: 'R', task_id: '1',
          retry_count: 0, max_user_code_retries: 0, username: 'u', tags: [], parameters: {}, inputs: [], foreach_stack: [], environment: {}, output_dir: join(checkout, 'out'),
        };
        await writeFile(join(checkout, 'spec.json'), JSON.stringify(spec));
        const events: TaskEvent[] = [];
        for await (const event of backend.run(
          { label: `v${version}`, flowFile, code: { sha: `v${version}`, dir: checkout, entry: 'probe.py', files: ['probe.py'] }, specPath: join(checkout, 'spec.json'), stdoutPath: join(checkout, 'stdout'), stderrPath: join(checkout, 'stderr'), outputDir: join(checkout, 'out'), environment: {}, inputPaths: [],
            runId: 'R', resources: { cpu: null, memoryMiB: null, gpu: null }, image: null },
          new AbortController().signal,
        )) events.push(event);
        expect(events.at(-1)).toMatchObject({ type: 'exited', exitCode: 0 });
      }
      await new Promise((resolve) => setTimeout(resolve, 500)); // let the closed ones exit
      expect(workers()).toBeLessThanOrEqual(4);
      expect(workers()).toBeGreaterThan(0);
    } finally {
      await backend.close();
    }
  });
});
