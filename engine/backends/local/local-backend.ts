import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, statSync } from 'node:fs';
import { delimiter } from 'node:path';
import { AsyncQueue } from '../../util/async-queue.js';
import type { Backend, CloseOptions, PythonInterpreter, TaskEvent, TaskLaunch } from '../backend.js';
import { killProcessGroup } from './kill-process-group.js';
import { LOG_POLL_MS, LogTail } from './log-tail.js';
import { probeInterpreter } from './python-interpreter.js';
import { WarmWorker, type WorkerExit } from './warm-worker.js';

export interface LocalBackendOptions {
  /** The interpreter tasks run with. */
  readonly python: string;
  /** The folder holding the `flowbench` Python package. */
  readonly runtimePath: string;
  /** Fork tasks from a warm worker per flow file (POSIX); otherwise one cold process per task. */
  readonly warmWorkers: boolean;
  /** Working directory of tasks (default: the engine's). */
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Where Python keeps compiled bytecode (PYTHONPYCACHEPREFIX); usually `$FLOWBENCH_HOME/cache/pycache`. */
  readonly bytecodeCache?: string;
}

/** Warm workers kept for code packages other than the newest (idle ones beyond are closed). */
const KEPT_WORKERS = 3;

/**
 * Runs tasks as processes on this machine. Each task leads its own process group (so a kill
 * reaches whatever it started) and writes its stdout/stderr straight into the store's log
 * files, which are tailed into log events.
 */
export class LocalBackend implements Backend {
  readonly name = 'local';
  private readonly workers = new Map<string, { readonly worker: WarmWorker; readonly version: string }>();
  /** An interpreter started ahead of any flow file (`startInterpreter`), not yet given one. */
  private spare: WarmWorker | null = null;
  private probed: Promise<PythonInterpreter> | null = null;

  constructor(private readonly options: LocalBackendOptions) {}

  /** The interpreter tasks run with, asked once (a failure is not kept: it may be installed since). */
  interpreter(): Promise<PythonInterpreter> {
    const probe = (): Promise<PythonInterpreter> => probeInterpreter(this.options.python, this.options.env);
    // An interpreter started ahead says what it is: no process of its own to ask (each spawn
    // forks this whole process, ~30 ms here). If it never says, ask as usual.
    const described = this.spare?.described;
    this.probed ??= (described ? described.catch(probe) : probe()).catch((error: unknown) => {
      this.probed = null;
      throw error;
    });
    return this.probed;
  }

  /**
   * The environment of a task's interpreter. A cold task keeps compiled bytecode in a cache of
   * ours (PYTHONPYCACHEPREFIX; not __pycache__ beside the user's flow), which saves it compiling
   * the runtime every time (~8 ms of its ~30 ms start). The warm worker does not use that cache:
   * under a cache prefix every module its forked tasks import lazily is looked up there instead
   * of in the interpreter's own __pycache__, which measured ~50% slower per forked task. It starts
   * with bytecode writing on, whatever the user's PYTHONDONTWRITEBYTECODE, so the runtime's own
   * modules are compiled once beside them, and turns writing off itself before it imports the
   * flow (flowbench/worker.py, `_write_no_bytecode_for_user_code`).
   */
  private taskEnv(extra: { readonly [name: string]: string } = {}, useBytecodeCache = true): NodeJS.ProcessEnv {
    const base = this.options.env ?? process.env;
    const pythonPath = [this.options.runtimePath, base['PYTHONPATH']].filter(Boolean).join(delimiter);
    const env: NodeJS.ProcessEnv = { ...base, ...extra, PYTHONPATH: pythonPath, PYTHONUNBUFFERED: '1' };
    if (!useBytecodeCache) delete env['PYTHONDONTWRITEBYTECODE'];
    else if (this.options.bytecodeCache) env['PYTHONPYCACHEPREFIX'] = this.options.bytecodeCache;
    else env['PYTHONDONTWRITEBYTECODE'] = '1';
    return env;
  }

  /**
   * The warm worker for a flow file — a run's code checkout, so one per code package. The
   * worker has imported the flow module, so should the file change, a new worker is started
   * and the old one is let go once its tasks end.
   */
  private workerFor(flowFile: string): WarmWorker {
    let version = '';
    try {
      const { mtimeMs, size } = statSync(flowFile);
      version = `${mtimeMs}:${size}`;
    } catch {
      // A missing file: the worker's preload reports it, and so does each task.
    }
    const current = this.workers.get(flowFile);
    if (current && current.worker.alive && current.version === version) {
      // Most recently used last, for the sweep below.
      this.workers.delete(flowFile);
      this.workers.set(flowFile, current);
      return current.worker;
    }
    if (current) void current.worker.close();
    this.workers.delete(flowFile);
    const spare = this.spare?.alive ? this.spare : null;
    this.spare = null;
    spare?.preload(flowFile);
    const worker = spare ?? this.startWorker(flowFile);
    this.workers.set(flowFile, { worker, version });
    this.closeIdleWorkers();
    return worker;
  }

  /**
   * Each code package has its own worker, so a long-lived engine (the app) that runs edit after
   * edit would gather workers: keep the most recently used few, and let idle older ones go.
   */
  private closeIdleWorkers(): void {
    const entries = [...this.workers.entries()];
    for (const [key, { worker }] of entries.slice(0, Math.max(0, entries.length - KEPT_WORKERS))) {
      if (worker.busy) continue;
      this.workers.delete(key);
      void worker.close();
    }
  }

  private startWorker(flowFile: string | null): WarmWorker {
    return new WarmWorker(this.options.python, flowFile, this.taskEnv({}, false), this.options.cwd ?? process.cwd());
  }

  /**
   * Starts the warm worker for a flow file now, ahead of its first task, so the interpreter
   * starts while the engine is still reading and checking the flow (`flowbench run`).
   */
  prewarm(flowFile: string): void {
    if (this.options.warmWorkers) this.workerFor(flowFile);
  }

  /**
   * Starts an interpreter before any flow file is known: the next worker a flow file needs is
   * this one, told then which flow to import. `flowbench run` calls it first thing, so Python
   * starts (and imports the step runtime) while Node is still loading the engine.
   */
  startInterpreter(): void {
    if (this.options.warmWorkers && !this.spare) this.spare = this.startWorker(null);
    // The run records the interpreter's path and version: ask now too (a failure is reported
    // to whoever asks next, see interpreter()).
    this.interpreter().catch(() => undefined);
  }

  run(task: TaskLaunch, signal: AbortSignal): AsyncIterable<TaskEvent> {
    const events = new AsyncQueue<TaskEvent>();
    const tails = { stdout: new LogTail(task.stdoutPath), stderr: new LogTail(task.stderrPath) };
    let pid: number | null = null;
    let done = false;

    const drainLogs = async (final: boolean): Promise<void> => {
      for (const stream of ['stdout', 'stderr'] as const) {
        for (const line of await tails[stream].read(final)) events.push({ type: 'log', stream, line });
      }
    };
    const poller = setInterval(() => void drainLogs(false), LOG_POLL_MS);
    const finish = (exit: WorkerExit, message?: string): void => {
      if (done) return;
      done = true;
      clearInterval(poller);
      signal.removeEventListener('abort', onAbort);
      void drainLogs(true).finally(() => {
        events.push({ type: 'exited', exitCode: exit.code, signal: exit.signal, ...(message ? { message } : {}) });
        events.end();
      });
    };
    const onAbort = (): void => {
      if (pid !== null && !done) killProcessGroup(pid, () => done);
    };
    signal.addEventListener('abort', onAbort);
    const onStarted = (startedPid: number): void => {
      pid = startedPid;
      events.push({ type: 'started', pid: startedPid });
      if (signal.aborted) onAbort();
    };

    // A step with @environment runs cold: variables such as OMP_NUM_THREADS must be set before
    // its imports run, and the warm worker has already imported the flow's modules.
    if (this.options.warmWorkers && Object.keys(task.environment).length === 0) {
      this.workerFor(task.flowFile).submit(
        { spec: task.specPath, stdout: task.stdoutPath, stderr: task.stderrPath },
        {
          onStarted,
          onExited: (exit) => finish(exit),
          onLost: (reason) => finish({ code: null, signal: null }, reason),
        },
      );
    } else {
      this.runCold(task, onStarted, finish);
    }
    return events;
  }

  /**
   * One interpreter per task: `python -m flowbench.task SPEC.json`. On Linux it starts through
   * `setpriv --pdeathsig KILL`, which asks the kernel to kill the task when this engine dies
   * (the setting survives the exec into Python), so a crashed engine leaves no task running.
   */
  private runCold(task: TaskLaunch, onStarted: (pid: number) => void, finish: (exit: WorkerExit, message?: string) => void): void {
    const stdout = openSync(task.stdoutPath, 'a');
    const stderr = openSync(task.stderrPath, 'a');
    const command = [this.options.python, '-m', 'flowbench.task', task.specPath];
    const lifeline = setprivPath();
    const [program, ...args] = lifeline ? [lifeline, '--pdeathsig', 'KILL', '--', ...command] : command;
    const child = spawn(program!, args, {
      cwd: this.options.cwd ?? process.cwd(),
      env: this.taskEnv(task.environment),
      stdio: ['ignore', stdout, stderr],
      detached: true, // its own process group, so a kill reaches its children
    });
    closeSync(stdout);
    closeSync(stderr);
    child.once('spawn', () => onStarted(child.pid!));
    child.once('error', (error) =>
      finish({ code: null, signal: null }, `Could not start ${this.options.python}: ${error.message}. Set FLOWBENCH_PYTHON to a Python 3 interpreter.`),
    );
    child.once('exit', (code, signal) => {
      // setpriv exits 127 when it cannot exec the interpreter (its reason is in the task's stderr).
      if (lifeline && code === 127) finish({ code, signal }, `Could not start ${this.options.python}. Set FLOWBENCH_PYTHON to a Python 3 interpreter.`);
      else finish({ code, signal });
    });
  }

  /** Ends the warm workers; with `release`, idle ones are asked to exit and not waited for (WarmWorker.release). */
  async close(options: CloseOptions = {}): Promise<void> {
    const spare = this.spare;
    this.spare = null;
    const end = (worker: WarmWorker): Promise<void> => (options.release ? worker.release() : worker.close());
    // A spare never got a flow (the run stopped before its first task): nothing to wait for.
    await Promise.all([...[...this.workers.values()].map(({ worker }) => end(worker)), spare?.kill()]);
    this.workers.clear();
  }
}

let setpriv: string | null | undefined;

/** util-linux's `setpriv` (every Linux distribution ships it), or null where there is none. */
function setprivPath(): string | null {
  if (setpriv === undefined) {
    setpriv = process.platform === 'linux' ? (['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path)) ?? null) : null;
  }
  return setpriv;
}
