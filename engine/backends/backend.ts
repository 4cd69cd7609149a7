/**
 * How a task is launched — and nothing about when (that is the scheduler's job).
 *
 * A backend receives a prepared task: the spec file the step runtime reads, the log files to
 * write, and the output folder where the runtime leaves `result.json` and its blobs. It runs the
 * task and reports what happened as a stream of events. Aborting the signal kills the task
 * (the scheduler aborts for a cancel and for a timeout and knows which).
 */
export interface Backend {
  /** Short name recorded on attempts: `local`, `docker`, `remote:NAME`. */
  readonly name: string;
  run(task: TaskLaunch, signal: AbortSignal): AsyncIterable<TaskEvent>;
  /**
   * Optional: lets go of what a finished run held (a container backend's warm containers), so a
   * long-lived process (the app, `flowbench serve`) does not keep them until it exits.
   */
  runFinished?(runId: string): Promise<void>;
  /**
   * Releases warm workers, connections and containers. `release`: this process is about to exit,
   * so what ends by itself once asked (an idle warm worker) is asked and not waited for.
   */
  close(options?: CloseOptions): Promise<void>;
  /**
   * Optional, for a backend that runs tasks with this machine's Python: which interpreter and
   * version that is (recorded on the run). Asked once per run; a backend caches the answer.
   */
  interpreter?(): Promise<PythonInterpreter>;
}

export interface CloseOptions {
  readonly release?: boolean;
}

export interface PythonInterpreter {
  /** The interpreter's own path (`sys.executable`: past a pyenv shim, inside a virtualenv). */
  readonly path: string;
  /** `3.11.2`. */
  readonly version: string;
}

/**
 * A run's code package as files (runtime/code-package.ts): every task runs the run's snapshot
 * from here, never the live flow file. Equal packages share one checkout.
 */
export interface CodeCheckout {
  /** sha256 of the package's manifest. */
  readonly sha: string;
  /** The folder holding the package (the flow's folder, as it was at run start). */
  readonly dir: string;
  /** The flow file, relative to `dir` (`/` separators). */
  readonly entry: string;
  /** Every file of the package, relative to `dir`. */
  readonly files: readonly string[];
}

export interface TaskLaunch {
  /** `Flow/RunId/step/TaskId` plus the attempt, for messages. */
  readonly label: string;
  /** The flow file the task loads (`code.dir/code.entry`); a backend may preload it in a warm worker. */
  readonly flowFile: string;
  /** The run's code: a container backend copies these files in, so it runs the same snapshot. */
  readonly code: CodeCheckout;
  /** The SPEC.json written by the scheduler (see docs/task-protocol.md). */
  readonly specPath: string;
  readonly stdoutPath: string;
  readonly stderrPath: string;
  /** The folder the runtime writes `result.json` and `blobs/` into; it exists and holds no file (an empty `blobs/` may be there already: scratch folders are reused). */
  readonly outputDir: string;
  /** Extra environment variables from `@environment`. */
  readonly environment: { readonly [name: string]: string };
  /** Read-only inputs: blob files the task may read (a container backend mounts or copies them). */
  readonly inputPaths: readonly string[];
  /** The run the task belongs to (container backends label and group their containers by it). */
  readonly runId: string;
  /** `@resources`: enforced by container backends, ignored by `local`. */
  readonly resources: TaskResources;
  /** `@docker(image=)`, or null for the backend's default image. */
  readonly image: string | null;
}

export interface TaskResources {
  readonly cpu: number | null;
  readonly memoryMiB: number | null;
  readonly gpu: number | null;
}

export type TaskEvent =
  | { readonly type: 'started'; readonly pid?: number }
  | { readonly type: 'log'; readonly stream: 'stdout' | 'stderr'; readonly line: string }
  /** The last event. `signal` is set when the task was killed (e.g. `SIGKILL`). */
  | { readonly type: 'exited'; readonly exitCode: number | null; readonly signal: string | null; readonly message?: string };
