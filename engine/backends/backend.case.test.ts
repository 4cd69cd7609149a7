/**
 * The contract every backend keeps (STYLE.md §5): the same cases against `local`, `docker` and
 * a remote Docker host. A backend whose engine is missing is skipped outside CI, with the reason.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { repoRoot, tempHome } from '../testing/cli-harness.js';
import { inCI, localDocker, remoteDocker, remoteHostConfig, skipUnless, sshDocker, sshHostConfig, testImage } from '../testing/docker-targets.js';
import type { Backend, TaskEvent, TaskLaunch } from './backend.js';
import { DockerBackend } from './docker/docker-backend.js';
import { localDockerTarget, remoteDockerTarget } from './docker/docker-connection.js';
import { LocalBackend } from './local/local-backend.js';

const flowFile = join(repoRoot, 'engine', 'backends', 'fixtures', 'contract_flow.py');
const config = loadConfig({ ...process.env, FLOWBENCH_HOME: '/nonexistent-flowbench-home' });

interface Case {
  readonly name: string;
  readonly skip: string | null;
  readonly make: () => Backend;
}

const cases: Case[] = [
  { name: 'local', skip: null, make: () => new LocalBackend({ python: config.python, runtimePath: config.runtimePath, warmWorkers: true }) },
  {
    name: 'docker',
    skip: skipUnless(localDocker) ? localDocker.reason : null,
    make: () => new DockerBackend(localDockerTarget(), { runtimePath: config.runtimePath, defaultImage: testImage }),
  },
  {
    name: 'remote',
    skip: skipUnless(remoteDocker) ? remoteDocker.reason : null,
    make: () => new DockerBackend(remoteDockerTarget('loopback', remoteHostConfig()), { runtimePath: config.runtimePath, defaultImage: testImage }),
  },
  {
    name: 'remote over SSH',
    skip: skipUnless(sshDocker) ? sshDocker.reason : null,
    make: () => new DockerBackend(remoteDockerTarget('ssh', sshHostConfig()), { runtimePath: config.runtimePath, defaultImage: testImage }),
  },
];

let taskCounter = 0;
async function launch(step: string, environment: { [name: string]: string } = {}): Promise<TaskLaunch> {
  const dir = join(await tempHome(), `task-${(taskCounter += 1)}`);
  const outputDir = join(dir, 'out');
  await mkdir(outputDir, { recursive: true });
  const spec = {
    protocol: 1,
    flow_file: flowFile,
    flow_class: 'ContractFlow',
    flow_name: 'ContractFlow',
    step,
    run_id: 'contract',
    task_id: String(taskCounter),
    retry_count: 0,
    max_user_code_retries: 0,
    username: 'tester',
    tags: [],
    parameters: {},
    inputs: [],
    foreach_stack: [],
    environment,
    output_dir: outputDir,
  };
  const specPath = join(dir, 'spec.json');
  await writeFile(specPath, JSON.stringify(spec));
  const logs = { stdoutPath: join(dir, 'stdout.log'), stderrPath: join(dir, 'stderr.log') };
  await Promise.all([writeFile(logs.stdoutPath, ''), writeFile(logs.stderrPath, '')]);
  return { label: `contract/${step}`, flowFile, code: { sha: 'contract', dir: join(flowFile, '..'), entry: 'contract_flow.py', files: ['contract_flow.py'] }, specPath, ...logs, outputDir, environment, inputPaths: [], runId: 'contract', resources: { cpu: null, memoryMiB: null, gpu: null }, image: null };
}

async function collect(backend: Backend, task: TaskLaunch, signal = new AbortController().signal, onEvent?: (event: TaskEvent) => void): Promise<TaskEvent[]> {
  const events: TaskEvent[] = [];
  for await (const event of backend.run(task, signal)) {
    events.push(event);
    onEvent?.(event);
  }
  return events;
}

const exited = (events: TaskEvent[]): Extract<TaskEvent, { type: 'exited' }> => {
  const last = events[events.length - 1];
  if (last?.type !== 'exited') throw new Error(`the last event is ${JSON.stringify(last)}, not exited`);
  return last;
};
const lines = (events: TaskEvent[], stream: 'stdout' | 'stderr'): string[] =>
  events.flatMap((event) => (event.type === 'log' && event.stream === stream ? [event.line] : []));

for (const backendCase of cases) {
  describe.skipIf(backendCase.skip !== null)(`backend contract: ${backendCase.name}${backendCase.skip ? ` (skipped: ${backendCase.skip})` : ''}`, () => {
    const backend = backendCase.make();
    afterAll(() => backend.close(), 30_000);

    it('runs a trivial task: started, then exited 0, and result.json in the output folder', async () => {
      const task = await launch('start');
      const events = await collect(backend, task);
      expect(events[0]?.type).toBe('started');
      expect(exited(events)).toMatchObject({ exitCode: 0, signal: null });
      const result = JSON.parse(await readFile(join(task.outputDir, 'result.json'), 'utf8'));
      expect(result.status).toBe('ok');
      expect(result.artifacts.value.preview).toBe('42');
    });

    it('streams stdout and stderr apart, into the log files and as events', async () => {
      const task = await launch('start');
      const events = await collect(backend, task);
      expect(lines(events, 'stdout')).toContain('to stdout');
      expect(lines(events, 'stderr')).toContain('to stderr');
      expect(lines(events, 'stdout')).not.toContain('to stderr');
      expect(await readFile(task.stdoutPath, 'utf8')).toContain('to stdout');
      expect(await readFile(task.stderrPath, 'utf8')).toContain('to stderr');
      expect(await readFile(task.stdoutPath, 'utf8')).not.toContain('to stderr');
    });

    it('reports a non-zero exit', async () => {
      const task = await launch('broken');
      const events = await collect(backend, task);
      expect(exited(events).exitCode).toBe(1);
      expect(lines(events, 'stderr').join('\n')).toContain('broken on purpose');
    });

    it('kills the task when the signal is aborted', async () => {
      const task = await launch('sleepy');
      const controller = new AbortController();
      const started = Date.now();
      const events = await collect(backend, task, controller.signal, (event) => {
        if (event.type === 'log' && event.line === 'sleeping') controller.abort('cancelled');
      });
      expect(Date.now() - started).toBeLessThan(20_000);
      const end = exited(events);
      expect(end.exitCode === 0).toBe(false);
    }, 30_000);

    it('passes the environment', async () => {
      const events = await collect(backend, await launch('start', { CONTRACT_VAR: 'from-the-engine' }));
      expect(lines(events, 'stdout')).toContain('env from-the-engine');
    });
  });
}

describe('Docker in CI', () => {
  it.runIf(inCI)('has a local Docker engine and a remote test engine (CI must not skip the Docker suites)', () => {
    expect(localDocker.reason).toBe('');
    expect(remoteDocker.reason).toBe('');
    expect(sshDocker.reason).toBe('');
  });
});
