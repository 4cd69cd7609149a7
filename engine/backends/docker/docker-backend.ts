import { hostname } from 'node:os';
import { posix } from 'node:path';
import type Docker from 'dockerode';
import { AsyncQueue } from '../../util/async-queue.js';
import type { Backend, TaskEvent, TaskLaunch, TaskResources } from '../backend.js';
import { describeConnectionError, type DockerTarget } from './docker-connection.js';
import { ContainerAgent, type AgentOutcome } from './container-agent.js';
import { ContainerPool } from './container-pool.js';
import { ensureImage } from './image-pull.js';
import { Label } from './labels.js';
import { LogSink } from './log-sink.js';
import { removeOrphans } from './orphans.js';
import { runExec } from './run-exec.js';
import { ContainerPath, containerBaseArchive, extractOutputs, taskArchive, taskFiles } from './task-files.js';

export interface DockerBackendOptions {
  /** The folder holding the `flowbench` Python package (copied into each container). */
  readonly runtimePath: string;
  /** The image of a step without `@docker(image=)`: the run's `--image`, else config `dockerImage`. */
  readonly defaultImage: string;
}

const MiB = 1024 * 1024;

/** How a task ended, as the `exited` event reports it. */
interface TaskOutcome {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly message?: string;
}

/** A task's outcome, and whether its container may serve the next task. */
interface RunOutcome extends TaskOutcome {
  readonly reusable: boolean;
}

/**
 * Runs tasks in containers on one Docker engine — this machine's (`docker`) or a named host's
 * (`remote:NAME`); the code is the same because nothing is shared with the engine but its API.
 *
 * Per task: lease a warm container for (run, code package, image, limits) or create one
 * (runtime and the run's code package copied in), copy the task's spec and input blobs in, `exec` the step runtime with
 * stdout/stderr demultiplexed into the log files and log events, copy `out/` back, and return
 * the container to the pool. A kill (timeout, cancel) kills the task's container.
 *
 * @example
 *   const backend = new DockerBackend(localDockerTarget(), { runtimePath, defaultImage: 'flowbench-python:bookworm' });
 *   for await (const event of backend.run(task, signal)) console.log(event);
 *   await backend.close();
 */
export class DockerBackend implements Backend {
  readonly name: string;
  private readonly pool = new ContainerPool();
  private readonly images = new Map<string, Promise<string | null>>();
  private readyState: Promise<string | null> | null = null;
  private nextTask = 0;
  /** The task folder each container last ran, removed when it runs its next task. */
  private readonly lastTaskDir = new WeakMap<Docker.Container, string>();
  /** Each container's warm worker, started with its first task that can use one. */
  private readonly agents = new WeakMap<Docker.Container, ContainerAgent>();

  constructor(
    private readonly target: DockerTarget,
    private readonly options: DockerBackendOptions,
  ) {
    this.name = target.name;
  }

  /**
   * Once per backend: reach the engine, and remove containers that an engine of this machine
   * left behind when it died (kill -9, a crash). Resolves to an error sentence, or null. A
   * failure is not kept: in the app the backend outlives the run, and Docker may be started since.
   */
  private ready(): Promise<string | null> {
    this.readyState ??= (async () => {
      try {
        await this.target.docker.ping();
      } catch (error) {
        this.readyState = null;
        return describeConnectionError(this.target, error);
      }
      await removeOrphans(this.target.docker).catch(() => undefined);
      return null;
    })();
    return this.readyState;
  }

  run(task: TaskLaunch, signal: AbortSignal): AsyncIterable<TaskEvent> {
    const events = new AsyncQueue<TaskEvent>();
    const stdout = new LogSink(task.stdoutPath, (line) => events.push({ type: 'log', stream: 'stdout', line }));
    const stderr = new LogSink(task.stderrPath, (line) => events.push({ type: 'log', stream: 'stderr', line }));
    void this.runTask(task, signal, events, stdout, stderr)
      .catch((error: unknown): TaskOutcome => ({ exitCode: null, signal: null, message: describeConnectionError(this.target, error) }))
      .then(async (outcome) => {
        await Promise.all([stdout.finish(), stderr.finish()]);
        events.push({ type: 'exited', exitCode: outcome.exitCode, signal: outcome.signal, ...(outcome.message ? { message: outcome.message } : {}) });
        events.end();
      });
    return events;
  }

  private async runTask(task: TaskLaunch, signal: AbortSignal, events: AsyncQueue<TaskEvent>, stdout: LogSink, stderr: LogSink): Promise<TaskOutcome> {
    // 1. the engine and the image
    const unreachable = await this.ready();
    if (unreachable) return { exitCode: null, signal: null, message: unreachable };
    const image = task.image ?? this.options.defaultImage;
    let imagePromise = this.images.get(image);
    if (!imagePromise) {
      imagePromise = ensureImage(this.target, image, (line) => stderr.note(line));
      this.images.set(image, imagePromise);
      void imagePromise.then((failure) => failure && this.images.delete(image));
    }
    const missing = await imagePromise;
    if (missing) return { exitCode: null, signal: null, message: missing };
    if (signal.aborted) return { exitCode: null, signal: 'SIGKILL' };

    // 2. a container; a task with @environment runs by an exec of its own (the variables must be
    // set before the flow's imports, which the warm worker has already run)
    const key = JSON.stringify([task.runId, task.code.sha, image, task.resources]);
    const container = await this.pool.acquire(key, () => this.createContainer(task, image));
    let reusable = false;
    try {
      const outcome =
        Object.keys(task.environment).length === 0
          ? await this.runWarm(container, task, signal, events, stdout, stderr)
          : await this.runCold(container, task, signal, events, stdout, stderr);
      reusable = outcome.reusable;
      return outcome;
    } finally {
      this.pool.release(key, container, reusable && !signal.aborted);
    }
  }

  /**
   * A task through the container's warm worker (container-agent.ts): its files go in on the
   * agent's stdin and its logs and `out/` come back on its stdout, so no Docker API call is made.
   * A kill stops the whole container (it serves this task alone), and the pool replaces it.
   */
  private async runWarm(container: Docker.Container, task: TaskLaunch, signal: AbortSignal, events: AsyncQueue<TaskEvent>, stdout: LogSink, stderr: LogSink): Promise<RunOutcome> {
    let agent = this.agents.get(container);
    if (!agent?.alive) {
      agent = await ContainerAgent.start(container, {
        preload: posix.join(ContainerPath.flowDir, task.code.entry),
        env: { PYTHONPATH: ContainerPath.runtime, PYTHONUNBUFFERED: '1' },
        workingDir: ContainerPath.work,
      });
      this.agents.set(container, agent);
    }
    const files = await taskFiles(task.specPath, `t${(this.nextTask += 1)}`);
    if (signal.aborted) return { exitCode: null, signal: 'SIGKILL', reusable: false };
    let killed = false;
    const onAbort = (): void => {
      killed = true;
      void container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
    };
    signal.addEventListener('abort', onAbort);
    events.push({ type: 'started' });
    let outcome: AgentOutcome;
    try {
      outcome = await agent.run(files, { stdout, stderr, outputDir: task.outputDir });
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    if (killed) return { exitCode: null, signal: 'SIGKILL', reusable: false };
    if (outcome.kind === 'lost') {
      // Under a memory limit, a worker killed outright (exit 137) is the OOM killer's doing.
      if (outcome.agentExitCode === 137 && task.resources.memoryMiB !== null) {
        return { exitCode: 137, signal: 'SIGKILL', message: `out of memory (limit ${task.resources.memoryMiB} MiB)`, reusable: false };
      }
      return { exitCode: null, signal: null, message: `The task's container failed: ${outcome.reason}.`, reusable: false };
    }
    if (outcome.signal === 'SIGKILL' || outcome.code === 137) {
      const oom = await this.oomKilled(container, task.resources);
      if (oom) return { exitCode: 137, signal: 'SIGKILL', message: oom, reusable: false };
    }
    if (outcome.error) return { exitCode: outcome.code, signal: outcome.signal, message: outcome.error, reusable: false };
    return { exitCode: outcome.code, signal: outcome.signal, reusable: outcome.signal === null };
  }

  /** A task by an exec of its own: its folder copied in, `python3 -m flowbench.task`, `out/` copied back. */
  private async runCold(container: Docker.Container, task: TaskLaunch, signal: AbortSignal, events: AsyncQueue<TaskEvent>, stdout: LogSink, stderr: LogSink): Promise<RunOutcome> {
    const files = await taskArchive(task.specPath, `t${(this.nextTask += 1)}`);
    await container.putArchive(files.archive, { path: ContainerPath.tasks });

    // a kill stops the whole container (it serves this task alone)
    events.push({ type: 'started' });
    // The previous task's folder is removed here rather than by an exec of its own (an exec costs ~100 ms).
    const previous = this.lastTaskDir.get(container) ?? '';
    this.lastTaskDir.set(container, files.dir);
    const outcome = await runExec(container, {
      cmd: ['sh', '-c', 'if [ -n "$1" ]; then rm -rf "$1"; fi; exec python3 -m flowbench.task "$0"', files.specPath, previous],
      env: {
        ...task.environment,
        PYTHONPATH: ContainerPath.runtime,
        PYTHONUNBUFFERED: '1',
        PYTHONPYCACHEPREFIX: ContainerPath.bytecode,
      },
      workingDir: files.dir,
      stdout,
      stderr,
      signal,
    });
    if (outcome.killed) return { exitCode: outcome.exitCode, signal: 'SIGKILL', reusable: false };

    // what the task left in out/ comes back to the host's output folder
    const oom = outcome.exitCode === 137 ? await this.oomKilled(container, task.resources) : null;
    if (oom) return { exitCode: 137, signal: 'SIGKILL', message: oom, reusable: false };
    const archive = await container.getArchive({ path: `${files.dir}/out` });
    await extractOutputs(await readAll(archive), task.outputDir);
    return { exitCode: outcome.exitCode, signal: null, reusable: true };
  }

  private async createContainer(task: TaskLaunch, image: string): Promise<Docker.Container> {
    const { cpu, memoryMiB, gpu } = task.resources;
    const container = await this.target.docker.createContainer({
      Image: image,
      // PID 1 only waits; tasks are exec'd next to it, one at a time.
      Cmd: ['python3', '-c', 'import signal; signal.pause()'],
      Entrypoint: [],
      Labels: {
        [Label.managed]: '1',
        [Label.run]: task.runId,
        [Label.engineHost]: hostname(),
        [Label.enginePid]: String(process.pid),
        [Label.target]: this.target.name,
      },
      HostConfig: {
        ...(cpu !== null ? { NanoCpus: Math.round(cpu * 1e9) } : {}),
        // Swap at the same value as memory: over the limit means out of memory, not swapping.
        ...(memoryMiB !== null ? { Memory: Math.round(memoryMiB * MiB), MemorySwap: Math.round(memoryMiB * MiB) } : {}),
        ...(gpu !== null && gpu > 0 ? { DeviceRequests: [{ Driver: 'nvidia', Count: gpu, Capabilities: [['gpu']] }] } : {}),
        ...(this.target.network ? { NetworkMode: this.target.network } : {}),
      },
    });
    try {
      await container.putArchive(await containerBaseArchive(this.options.runtimePath, task.code), { path: '/' });
      await container.start();
    } catch (error) {
      this.pool.discard(container);
      throw error;
    }
    return container;
  }

  /**
   * Exit 137 is SIGKILL; the kernel's OOM killer is the usual sender. Under a memory limit that
   * is the answer without asking Docker: it sets `OOMKilled` only when a container's PID 1 dies,
   * never for an exec'd task (checked on dockerd 20.10), so polling for it only costs ~0.5 s.
   * Without a limit, look a few times, since Docker records it a moment after the exec ends.
   */
  private async oomKilled(container: Docker.Container, resources: TaskResources): Promise<string | null> {
    if (resources.memoryMiB !== null) return `out of memory (limit ${resources.memoryMiB} MiB)`;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      if ((await container.inspect()).State.OOMKilled) return 'out of memory (killed by the kernel)';
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return null;
  }

  /** A finished run's warm containers go at once (their keys start with the run id). */
  async runFinished(runId: string): Promise<void> {
    await this.pool.closeIdle(JSON.stringify([runId]).slice(0, -1));
  }

  /** Removes the containers, then lets go of the engine's connection (which removing them used). */
  async close(): Promise<void> {
    await this.pool.close();
    await this.target.close();
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
