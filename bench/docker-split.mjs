#!/usr/bin/env node
// Where a task's time goes in a warm container: each Docker API round trip of a task that runs
// by its own exec, the interpreter's start in the container, and a whole task through the
// container's warm worker (container-agent.ts), with `docker exec CONTAINER python3 -c pass`
// (the CLI, as a person runs it) measured in the same loop as the floor.
//
//   node bench/docker-split.mjs          (run `npm run build:engine` first; needs Docker and the image)
//   BENCH_TASKS=20 FLOWBENCH_DOCKER_IMAGE=flowbench-python:bookworm node bench/docker-split.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { engine, median } from './lib.mjs';

const { localDockerTarget } = await engine('backends/docker/docker-connection.js');
const { ContainerAgent } = await engine('backends/docker/container-agent.js');
const { ContainerPath, containerBaseArchive, taskArchive, taskFiles } = await engine('backends/docker/task-files.js');
const { loadConfig } = await engine('config/config.js');

const config = loadConfig(process.env);
const image = config.dockerImage;
const tasks = Number(process.env.BENCH_TASKS ?? 10);
const dockerCli = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
const { docker } = localDockerTarget();
const dir = mkdtempSync(join(tmpdir(), 'flowbench-bench-split-'));
writeFileSync(join(dir, 'flow.py'), 'from flowbench import FlowSpec, step\n\nclass F(FlowSpec):\n    @step\n    def start(self):\n        self.x = 1\n        self.next(self.end)\n\n    @step\n    def end(self):\n        pass\n');
const code = { sha: 'split', dir, entry: 'flow.py', files: ['flow.py'] };
const discard = () => new Writable({ write: (_chunk, _encoding, callback) => callback() });

const container = await docker.createContainer({ Image: image, Cmd: ['python3', '-c', 'import signal; signal.pause()'], Entrypoint: [] });
const times = { putArchive: [], 'exec create': [], 'exec start to end: python3 -m flowbench.task': [], 'exec start to end: python3 -c pass': [], 'exec inspect': [], getArchive: [], 'a task through the warm worker': [], 'floor: docker exec CONTAINER python3 -c pass': [] };
const timed = async (name, work) => {
  const started = performance.now();
  const value = await work();
  times[name].push(performance.now() - started);
  return value;
};
const execToEnd = async (name, cmd, workingDir) => {
  const exec = await timed('exec create', () => container.exec({ Cmd: cmd, Env: [`PYTHONPATH=${ContainerPath.runtime}`], WorkingDir: workingDir, AttachStdout: true, AttachStderr: true }));
  await timed(name, async () => {
    const stream = await exec.start({ hijack: true, stdin: false });
    stream.resume();
    await new Promise((resolve) => stream.once('end', resolve));
  });
  await timed('exec inspect', () => exec.inspect());
};
try {
  await container.putArchive(await containerBaseArchive(config.runtimePath, code), { path: '/' });
  await container.start();
  const agent = await ContainerAgent.start(container, { preload: `${ContainerPath.flowDir}/flow.py`, env: { PYTHONPATH: ContainerPath.runtime }, workingDir: ContainerPath.work });
  for (let i = 0; i < tasks; i += 1) {
    const hostDir = join(dir, `t${i}`);
    mkdirSync(join(hostDir, 'out'), { recursive: true });
    const spec = { protocol: 1, flow_file: join(dir, 'flow.py'), flow_class: 'F', flow_name: 'F', step: 'start', run_id: 'split', task_id: String(i), retry_count: 0, max_user_code_retries: 0, username: 'bench', tags: [], parameters: {}, inputs: [], foreach_stack: [], environment: {}, output_dir: join(hostDir, 'out') };
    writeFileSync(join(hostDir, 'spec.json'), JSON.stringify(spec));
    // A task by its own exec, one round trip at a time.
    const files = await taskArchive(join(hostDir, 'spec.json'), `c${i}`);
    await timed('putArchive', () => container.putArchive(files.archive, { path: ContainerPath.tasks }));
    await execToEnd('exec start to end: python3 -m flowbench.task', ['python3', '-m', 'flowbench.task', files.specPath], files.dir);
    await timed('getArchive', async () => {
      for await (const chunk of await container.getArchive({ path: `${files.dir}/out` })) void chunk;
    });
    await execToEnd('exec start to end: python3 -c pass', ['python3', '-c', 'pass'], '/');
    // The same task through the warm worker.
    mkdirSync(join(hostDir, 'warm'));
    await timed('a task through the warm worker', async () => {
      const outcome = await agent.run(await taskFiles(join(hostDir, 'spec.json'), `w${i}`), { stdout: discard(), stderr: discard(), outputDir: join(hostDir, 'warm') });
      if (outcome.kind !== 'exited' || outcome.code !== 0) throw new Error(`the warm task failed: ${JSON.stringify(outcome)}`);
    });
    await timed('floor: docker exec CONTAINER python3 -c pass', async () => {
      const result = spawnSync(dockerCli, ['exec', container.id, 'python3', '-c', 'pass']);
      if (result.status !== 0) throw new Error(`docker exec failed: ${result.stderr}`);
    });
  }
} finally {
  await container.remove({ force: true });
  rmSync(dir, { recursive: true, force: true });
}
const floor = median(times['floor: docker exec CONTAINER python3 -c pass']);
console.log(`image: ${image}; median of ${tasks}, each step measured in the same loop`);
for (const [name, values] of Object.entries(times)) {
  const ms = median(values);
  console.log(`  ${name.padEnd(48)} ${ms.toFixed(1).padStart(7)} ms  ${(ms / floor).toFixed(2)}x the floor`);
}
