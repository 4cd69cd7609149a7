import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { PythonInterpreter } from '../backend.js';

export interface WorkerExit {
  readonly code: number | null;
  readonly signal: string | null;
}

interface Pending {
  onStarted(pid: number): void;
  onExited(exit: WorkerExit): void;
  onLost(reason: string): void;
}

type WorkerEvent =
  | { id: string; event: 'started'; pid: number }
  | { id: string; event: 'exited'; code: number | null; signal: string | null }
  | { event: 'preload-failed'; error: string }
  | { event: 'ready'; python: PythonInterpreter };

/**
 * A warm Python process (`python -m flowbench.worker --preload FLOW`) that has already imported
 * the step runtime and the flow module (and so pandas, numpy, ...) and forks one child per task.
 * A forked task starts in a few milliseconds instead of paying for the interpreter and the
 * flow's imports every time. Started without a flow file (null), it imports the runtime and
 * waits for `preload(FLOW)`: the interpreter can start before the flow's code is checked out.
 * See docs/task-protocol.md.
 */
export class WarmWorker {
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<string, Pending>();
  private nextId = 0;
  private stderrTail = '';
  private exited = false;
  private closing = false;
  preloadError: string | null = null;
  /**
   * What the interpreter is (its path and version), as a worker started without a flow file
   * says first thing; null for a worker started with one. Rejects when it never says.
   */
  readonly described: Promise<PythonInterpreter> | null;
  private describe: { resolve(python: PythonInterpreter): void; reject(error: Error): void } | null = null;

  constructor(python: string, flowFile: string | null, env: NodeJS.ProcessEnv, cwd: string) {
    const preload = flowFile === null ? [] : ['--preload', flowFile];
    this.described = flowFile === null ? new Promise((resolve, reject) => (this.describe = { resolve, reject })) : null;
    this.described?.catch(() => undefined); // asked for only by some runs
    this.process = spawn(python, ['-m', 'flowbench.worker', ...preload], { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stdin.on('error', () => undefined);
    this.process.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-4000);
    });
    createInterface({ input: this.process.stdout }).on('line', (line) => this.handle(line));
    const lost = (reason: string): void => {
      if (this.exited) return;
      this.exited = true;
      this.describe?.reject(new Error(reason));
      for (const pending of this.pending.values()) pending.onLost(reason);
      this.pending.clear();
    };
    this.process.on('error', (error) => lost(`the warm worker could not start: ${error.message}`));
    this.process.on('exit', (code, signal) =>
      lost(`the warm worker exited (${signal ?? `code ${code}`})${this.stderrTail ? `: ${this.stderrTail.trim()}` : ''}`),
    );
  }

  get alive(): boolean {
    return !this.exited && !this.closing;
  }

  /** Tasks forked and not yet exited. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** Imports the flow module of a worker started without one; before the first task, once. */
  preload(flowFile: string): void {
    if (!this.exited) this.process.stdin.write(`${JSON.stringify({ preload: flowFile })}\n`);
  }

  /** Forks a task. Callbacks fire once each: started, then exited — or lost if the worker dies. */
  submit(request: { spec: string; stdout: string; stderr: string }, pending: Pending): void {
    if (this.exited) {
      pending.onLost('the warm worker is not running');
      return;
    }
    const id = `t${(this.nextId += 1)}`;
    this.pending.set(id, pending);
    this.process.stdin.write(`${JSON.stringify({ id, ...request })}\n`);
  }

  private handle(line: string): void {
    let message: WorkerEvent;
    try {
      message = JSON.parse(line) as WorkerEvent;
    } catch {
      return; // Not ours (a flow printing at import time goes to the worker's stdout).
    }
    if (message.event === 'ready') {
      this.describe?.resolve(message.python);
      return;
    }
    if (message.event === 'preload-failed') {
      this.preloadError = message.error;
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.event === 'started') pending.onStarted(message.pid);
    else {
      this.pending.delete(message.id);
      pending.onExited({ code: message.code, signal: message.signal });
    }
  }

  /**
   * Asks the worker to exit and does not wait for it: its stdout and stderr are let go and the
   * process no longer keeps this one alive. Only for a worker with no task running, by a process
   * about to exit (the CLI after its run): waiting for an idle interpreter's teardown would only
   * delay the command's end. A worker with tasks is closed as usual.
   */
  async release(): Promise<void> {
    if (this.busy || this.exited) return this.close();
    this.closing = true;
    this.process.stdin.end(`${JSON.stringify({ shutdown: true })}\n`);
    this.process.unref();
    this.process.stdout.destroy();
    this.process.stderr.destroy();
  }

  /** Ends a worker that runs no task at once (an interpreter started ahead and never used). */
  async kill(): Promise<void> {
    this.closing = true;
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    this.process.kill('SIGKILL');
    await exited;
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    this.process.stdin.end(`${JSON.stringify({ shutdown: true })}\n`);
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
