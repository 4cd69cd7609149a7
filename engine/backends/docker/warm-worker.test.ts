/**
 * What the warm worker in each pooled container (container-agent.ts,
 * resources/python/flowbench/container_agent.py) must keep: outputs of any size come back whole,
 * a task's folder goes after it, only regular files of `out/` come back, and a worker that dies
 * fails its task with a clear message while the next task gets a new container.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { tempHome } from '../../testing/cli-harness.js';
import { localDocker, skipUnless, testImage } from '../../testing/docker-targets.js';
import type { TaskEvent, TaskLaunch } from '../backend.js';
import { DockerBackend } from './docker-backend.js';
import { localDockerTarget } from './docker-connection.js';

const flowFile = new URL('./fixtures/agent_flow.py', import.meta.url).pathname;
const config = loadConfig({ ...process.env, FLOWBENCH_HOME: '/nonexistent-flowbench-home' });

let taskCounter = 0;
async function launch(step: string): Promise<TaskLaunch> {
  const dir = join(await tempHome(), `task-${(taskCounter += 1)}`);
  const outputDir = join(dir, 'out');
  await mkdir(outputDir, { recursive: true });
  const spec = {
    protocol: 1, flow_file: flowFile, flow_class: 'AgentFlow', flow_name: 'AgentFlow', step, run_id: 'agent', task_id: String(taskCounter),
    retry_count: 0, max_user_code_retries: 0, username: 'tester', tags: [], parameters: {}, inputs: [], foreach_stack: [], environment: {}, output_dir: outputDir,
  };
  const specPath = join(dir, 'spec.json');
  await writeFile(specPath, JSON.stringify(spec));
  const code = { sha: 'agent', dir: join(flowFile, '..'), entry: 'agent_flow.py', files: ['agent_flow.py'] };
  return { label: `agent/${step}`, flowFile, code, specPath, stdoutPath: join(dir, 'stdout.log'), stderrPath: join(dir, 'stderr.log'), outputDir, environment: {}, inputPaths: [], runId: 'agent', resources: { cpu: null, memoryMiB: null, gpu: null }, image: null };
}

async function exitOf(backend: DockerBackend, task: TaskLaunch): Promise<Extract<TaskEvent, { type: 'exited' }>> {
  let last: TaskEvent | undefined;
  for await (const event of backend.run(task, new AbortController().signal)) last = event;
  if (last?.type !== 'exited') throw new Error(`the last event is ${JSON.stringify(last)}`);
  return last;
}

describe.skipIf(skipUnless(localDocker))(`the warm worker in a container${skipUnless(localDocker) ? ` (skipped: ${localDocker.reason})` : ''}`, () => {
  const backend = new DockerBackend(localDockerTarget(), { runtimePath: config.runtimePath, defaultImage: testImage });
  afterAll(() => backend.close(), 30_000);

  it('brings back outputs of several megabytes whole, and each task sees only its own folder', async () => {
    for (let round = 0; round < 2; round += 1) {
      const task = await launch('start');
      expect(await exitOf(backend, task)).toMatchObject({ exitCode: 0, signal: null });
      const result = JSON.parse(await readFile(join(task.outputDir, 'result.json'), 'utf8'));
      expect(result.artifacts.task_folders.preview).toMatch(/^\['t\d+'\]$/);
      const blob = await readFile(join(task.outputDir, 'blobs', result.artifacts.big.sha));
      expect(createHash('sha256').update(blob).digest('hex')).toBe(result.artifacts.big.sha);
      expect(blob.length).toBeGreaterThan(3 * 1024 * 1024);
    }
  }, 60_000);

  it('brings back no link the task left in out/', async () => {
    const task = await launch('links');
    expect(await exitOf(backend, task)).toMatchObject({ exitCode: 0 });
    expect(await readdir(task.outputDir)).toEqual(['result.json']);
  }, 60_000);

  it('fails a task whose worker dies with a clear message; the next task runs in a new container', async () => {
    const crashed = await launch('crash');
    const end = await exitOf(backend, crashed);
    expect(end.exitCode).toBe(null);
    expect(end.message).toMatch(/^The task's container failed: the container's warm worker stopped/);
    expect(await readFile(crashed.stdoutPath, 'utf8')).toContain('killing my worker');
    expect(await exitOf(backend, await launch('start'))).toMatchObject({ exitCode: 0, signal: null });
  }, 60_000);
});
