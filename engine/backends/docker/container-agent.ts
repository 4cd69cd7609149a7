import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Duplex, Writable } from 'node:stream';
import { Writable as WritableStream } from 'node:stream';
import type Docker from 'dockerode';
import { FrameReader, type Frame } from './agent-frames.js';
import { outputTarget, type TaskFiles } from './task-files.js';

/** Where a task's output goes on the host. */
export interface AgentTaskSinks {
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** The files of the task's `out/` are written here. */
  readonly outputDir: string;
}

/** How a task sent to the agent ended. */
export type AgentOutcome =
  | { readonly kind: 'exited'; readonly code: number | null; readonly signal: string | null; readonly error?: string }
  /** The agent (or its container) went away before the task ended. */
  | { readonly kind: 'lost'; readonly reason: string; readonly agentExitCode: number | null };

interface Current {
  readonly key: string;
  readonly sinks: AgentTaskSinks;
  readonly resolve: (outcome: AgentOutcome) => void;
  /** The output file being received, or null. */
  fd: number | null;
  /** The first thing that went wrong receiving the outputs (the task then fails with it). */
  error?: string;
}

interface AgentEvent {
  readonly id?: string;
  readonly event?: string;
  readonly code?: number | null;
  readonly signal?: string | null;
  readonly error?: string;
}

/**
 * The engine's side of a pooled container's warm worker (`python3 -m flowbench.container_agent`,
 * see its docstring and docs/docker.md): one attached exec per container, started once,
 * that takes each task's files on stdin and sends back the task's output streams, its `out/`
 * files and its exit, so a task costs no Docker API round trip. One task at a time.
 */
export class ContainerAgent {
  private current: Current | null = null;
  private lostReason: string | null = null;
  private stderrTail = '';

  private constructor(
    private readonly exec: Docker.Exec,
    private readonly stream: Duplex,
  ) {}

  /** Starts the agent in a running container; `preload` is the flow file in the container. */
  static async start(container: Docker.Container, options: { preload: string; env: Record<string, string>; workingDir: string }): Promise<ContainerAgent> {
    const exec = await container.exec({
      Cmd: ['python3', '-m', 'flowbench.container_agent', '--preload', options.preload],
      Env: Object.entries(options.env).map(([name, value]) => `${name}=${value}`),
      WorkingDir: options.workingDir,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = (await exec.start({ hijack: true, stdin: true })) as Duplex;
    const agent = new ContainerAgent(exec, stream);
    const reader = new FrameReader((frame) => agent.onFrame(frame));
    const frames = new WritableStream({
      write: (chunk: Buffer, _encoding, callback) => {
        const failure = reader.push(chunk);
        if (failure) {
          // A frame this engine cannot read: nothing after it can be trusted, so the worker is let go.
          agent.onLost(`its output could not be read: ${failure.message}`);
          stream.destroy();
        }
        callback();
      },
    });
    const stderr = new WritableStream({
      write: (chunk: Buffer, _encoding, callback) => {
        agent.stderrTail = (agent.stderrTail + chunk.toString('utf8')).slice(-2000);
        callback();
      },
    });
    container.modem.demuxStream(stream, frames, stderr);
    stream.on('error', (error: Error) => agent.onLost(error.message));
    stream.once('end', () => agent.onLost('its stream ended'));
    stream.once('close', () => agent.onLost('its stream closed'));
    return agent;
  }

  get alive(): boolean {
    return this.lostReason === null;
  }

  /** Sends a task's files and runs it; resolves when it has exited and its outputs are written. */
  run(files: TaskFiles, sinks: AgentTaskSinks): Promise<AgentOutcome> {
    if (this.current) throw new Error('ContainerAgent.run: a task is already running');
    return new Promise<AgentOutcome>((resolve) => {
      if (this.lostReason !== null) {
        resolve({ kind: 'lost', reason: this.lostReason, agentExitCode: null });
        return;
      }
      this.current = { key: files.key, sinks, resolve, fd: null };
      const header = { task: files.key, files: files.files.map((file) => [file.path, file.data.length, file.mode]) };
      this.stream.write(Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), ...files.files.map((file) => file.data)]));
    });
  }

  private onFrame(frame: Frame): void {
    const current = this.current;
    switch (frame.kind) {
      case 'o':
        current?.sinks.stdout.write(frame.payload);
        return;
      case 'r':
        current?.sinks.stderr.write(frame.payload);
        return;
      case 'F':
        if (current) this.openOutput(current, frame.payload.toString('utf8'));
        return;
      case 'd':
        if (current?.fd != null) this.writeOutput(current, frame.payload);
        return;
      case 'e':
        this.onEvent(JSON.parse(frame.payload.toString('utf8')) as AgentEvent); // not JSON: the stream is lost (see start)
        return;
      default:
        return; // a kind this engine does not know: a newer agent's, ignored
    }
  }

  private openOutput(current: Current, relative: string): void {
    this.closeOutput(current);
    if (current.error) return;
    try {
      const target = outputTarget(current.sinks.outputDir, relative);
      mkdirSync(dirname(target), { recursive: true });
      current.fd = openSync(target, 'w');
    } catch (error) {
      current.error = (error as Error).message;
    }
  }

  private writeOutput(current: Current, data: Buffer): void {
    try {
      writeSync(current.fd!, data);
    } catch (error) {
      current.error = `could not write the task's output into ${current.sinks.outputDir}: ${(error as Error).message}`;
      this.closeOutput(current);
    }
  }

  private closeOutput(current: Current): void {
    if (current.fd === null) return;
    const fd = current.fd;
    current.fd = null;
    closeSync(fd);
  }

  private onEvent(event: AgentEvent): void {
    const current = this.current;
    if (!current) return;
    if (event.event === 'exited' && event.id === current.key) {
      this.closeOutput(current);
      const error = current.error ?? event.error;
      this.finish({ kind: 'exited', code: event.code ?? null, signal: event.signal ?? null, ...(error ? { error } : {}) });
    } else if (event.event === 'error' && (event.id === current.key || event.id === undefined)) {
      this.closeOutput(current);
      this.finish({ kind: 'exited', code: null, signal: null, error: `the container's worker refused the task: ${event.error}` });
    }
    // `started` and `preload-failed` need nothing here: a task reports its own import error.
  }

  private finish(outcome: AgentOutcome): void {
    const current = this.current;
    this.current = null;
    current?.resolve(outcome);
  }

  private onLost(why: string): void {
    if (this.lostReason !== null) return;
    const tail = this.stderrTail.trim();
    this.lostReason = `the container's warm worker stopped (${why})${tail ? `: ${tail}` : ''}`;
    const current = this.current;
    if (!current) return;
    this.closeOutput(current);
    this.current = null;
    const reason = this.lostReason;
    void this.exitCode().then((agentExitCode) => current.resolve({ kind: 'lost', reason, agentExitCode }));
  }

  /** The agent's exit code, once Docker has recorded it (null if it cannot tell). */
  private async exitCode(): Promise<number | null> {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const info = await this.exec.inspect().catch(() => null);
      if (!info) return null;
      if (!info.Running) return info.ExitCode ?? null;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return null;
  }
}
