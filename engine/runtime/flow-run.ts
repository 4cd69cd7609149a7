import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Backend, CodeCheckout, PythonInterpreter } from '../backends/backend.js';
import { asSelector, localInterpreter, type BackendSelector } from './backend-selector.js';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import type { FlowGraph, StepSpec } from '../graph/flow-graph.js';
import type { RunEndRecord, RunStatus, SplitFrame, TaskRecord } from '../store/records.js';
import { newRunId } from '../store/run-id.js';
import type { RunStore } from '../store/run-store.js';
import { AsyncQueue } from '../util/async-queue.js';
import type { CodePackage } from './code-package.js';
import type { RunEvent, RunEventListener } from './events.js';
import type { ParameterValues } from './parameters.js';
import { ResumePlan } from './resume-plan.js';
import { joinKey } from './split-stack.js';
import { stepOptions, type StepOptions } from './step-options.js';
import { TaskExecutor, type PendingTask } from './task-executor.js';

export interface RunOptions {
  /** Absolute path of the flow file the run was started from (recorded; tasks never read it). */
  readonly flowFile: string;
  readonly graph: FlowGraph;
  /** The run's code: snapshotted into the store, and checked out where tasks load it from. */
  readonly code: { readonly package: CodePackage; readonly checkout: CodeCheckout };
  /** Resolved values: exactly what every task sees (see parameters.ts). */
  readonly parameters: ParameterValues;
  /** The interpreter of the run's local tasks, if already being asked (see `localInterpreter`). */
  readonly python?: Promise<PythonInterpreter | null>;
  /** Tags besides `user:<name>`, which is always added. */
  readonly tags?: readonly string[];
  /** Tasks running at once (default: CPU count). */
  readonly maxWorkers: number;
  /** Largest foreach fan-out accepted (default 10,000). */
  readonly maxNumSplits?: number;
  /** Resume: reuse the successful tasks of `originRunId` that come before `fromStep`. */
  readonly resume?: { readonly originRunId: string; readonly fromStep: string; readonly originTasks: readonly TaskRecord[] };
}

export interface RunResult {
  readonly flow: string;
  readonly runId: string;
  readonly pathspec: string;
  readonly status: Exclude<RunStatus, 'running'>;
  readonly message?: string;
}

export interface RunDependencies {
  readonly store: RunStore;
  /** One backend for every step, or a selector that picks one per step (`@docker`, `--backend`). */
  readonly backend: Backend | BackendSelector;
  readonly user: string;
}

interface JoinArrivals {
  readonly width: number;
  readonly stack: readonly SplitFrame[];
  readonly arrived: Map<number, TaskRecord>;
}

const DEFAULT_MAX_NUM_SPLITS = 10_000;

/**
 * One run of a flow: the scheduler. It knows the graph and the order of things; how a task is
 * launched is the backend's business, and what a task does is the step runtime's.
 *
 * The loop, each time a task ends:
 *   1. what finished? record it; on a final failure stop launching and stop the others;
 *   2. what does that unblock? the transition the task took (its targets, a foreach's width,
 *      a switch's branch) queues the next tasks, and a join is queued once all its inputs are in;
 *   3. launch while worker slots are free.
 * The run ends when nothing is queued or running.
 *
 * @example
 *   const run = FlowRun.start(deps, { flowFile, graph, code, parameters: {}, maxWorkers: 4 });
 *   for await (const event of run.events()) console.log(event.type);
 *   const result = await run.done;
 */
export class FlowRun {
  readonly flow: string;
  readonly runId: string;
  readonly done: Promise<RunResult>;

  private readonly steps: Map<string, StepSpec>;
  private readonly options = new Map<string, StepOptions>();
  private readonly queue: PendingTask[] = [];
  private readonly joins = new Map<string, JoinArrivals>();
  private readonly listeners = new Set<RunEventListener>();
  private readonly cancelController = new AbortController();
  private readonly executor: TaskExecutor;
  private readonly resumePlan: ResumePlan | null;
  private readonly backends: BackendSelector;
  private running = 0;
  private nextTaskId = 1;
  private failure: { message: string; steps: Set<string> } | null = null;
  private cancelled = false;
  private finish!: (result: RunResult) => void;

  private constructor(
    private readonly deps: RunDependencies,
    private readonly run: RunOptions,
  ) {
    if (!run.graph.flowName) throw new FlowbenchError(ErrorCode.noFlow, `${run.flowFile} defines no FlowSpec subclass.`);
    this.flow = run.graph.flowName;
    this.backends = asSelector(deps.backend);
    this.runId = newRunId();
    this.steps = new Map(run.graph.steps.map((step) => [step.name, step]));
    for (const step of run.graph.steps) this.options.set(step.name, stepOptions(step, run.graph.flowDecorators));
    this.resumePlan = run.resume ? new ResumePlan(run.graph, run.resume.fromStep, run.resume.originTasks) : null;
    this.executor = new TaskExecutor({
      store: deps.store,
      backends: this.backends,
      flow: this.flow,
      runId: this.runId,
      code: run.code.checkout,
      ...(run.resume ? { originRunId: run.resume.originRunId } : {}),
      user: deps.user,
      tags: this.tags(),
      parameters: run.parameters,
      cancelSignal: this.cancelController.signal,
      emit: (event) => this.emit(event),
    });
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  /** Records the run and starts its first task; returns at once. */
  static start(deps: RunDependencies, options: RunOptions): FlowRun {
    const run = new FlowRun(deps, options);
    void run.begin().catch((error: unknown) => run.abortWithError(error));
    return run;
  }

  get pathspec(): string {
    return `${this.flow}/${this.runId}`;
  }

  /** Listens to events from now on; returns the function that stops listening. */
  subscribe(listener: RunEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** All events from now until the run finishes, as an async stream. */
  events(): AsyncIterable<RunEvent> {
    const queue = new AsyncQueue<RunEvent>();
    const unsubscribe = this.subscribe((event) => {
      queue.push(event);
      if (event.type === 'run-finished') {
        unsubscribe();
        queue.end();
      }
    });
    return queue;
  }

  /** Stops running tasks (SIGTERM, then SIGKILL), launches nothing more, marks the run cancelled. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.queue.length = 0;
    this.cancelController.abort('cancelled');
    this.maybeFinish();
  }

  private tags(): string[] {
    return [...new Set([`user:${this.deps.user}`, ...(this.run.tags ?? [])])];
  }

  private emit(event: RunEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure must not break the run.
      }
    }
  }

  private async begin(): Promise<void> {
    const python = await (this.run.python ?? localInterpreter(this.backends, this.run.graph));
    await this.deps.store.writeRun({
      version: 1,
      flow: this.flow,
      runId: this.runId,
      flowFile: this.run.flowFile,
      codeSha: this.run.code.package.entrySha,
      codePackageSha: this.run.code.package.sha,
      ...(python ? { python } : {}),
      user: this.deps.user,
      tags: this.tags(),
      parameters: this.run.parameters,
      startedAt: new Date().toISOString(),
      backend: this.backends.name,
      maxWorkers: this.run.maxWorkers,
      ...(this.run.resume ? { origin: { runId: this.run.resume.originRunId, fromStep: this.run.resume.fromStep } } : {}),
      engine: { host: hostname(), pid: process.pid },
    });
    this.stopHeartbeat = this.deps.store.startHeartbeat(this.flow, this.runId);
    this.emit({
      type: 'run-started',
      flow: this.flow,
      runId: this.runId,
      ...(this.run.resume ? { origin: `${this.flow}/${this.run.resume.originRunId}` } : {}),
    });
    this.begun = true;
    if (this.cancelled) {
      this.maybeFinish();
      return;
    }
    if (!this.steps.has('start')) {
      this.fail('start', 'The flow has no "start" step.');
      this.maybeFinish();
      return;
    }
    this.enqueue('start', [], []);
    this.launch();
  }

  private enqueue(step: string, splitStack: readonly SplitFrame[], inputs: readonly TaskRecord[]): void {
    const taskId = String(this.nextTaskId++);
    this.queue.push({ step, taskId, splitStack, inputs });
    this.emit({ type: 'task-queued', step, taskId });
  }

  /** 3. launch while worker slots are free. */
  private launch(): void {
    while (!this.cancelled && !this.failure && this.queue.length > 0 && this.running < this.run.maxWorkers) {
      const task = this.queue.shift()!;
      this.running += 1;
      void this.runTask(task)
        .then((record) => this.onTaskDone(task, record))
        .catch((error: unknown) => this.fail(task.step, `Task ${this.pathspec}/${task.step}/${task.taskId}: ${(error as Error).message}`))
        .finally(() => {
          this.running -= 1;
          this.launch();
          this.maybeFinish();
        });
    }
  }

  private async runTask(task: PendingTask): Promise<TaskRecord> {
    const step = this.steps.get(task.step)!;
    const origin = this.resumePlan?.cloneFor(task.step, task.splitStack);
    if (origin) return this.executor.clone(task, origin, `${this.flow}/${this.run.resume!.originRunId}`);
    return this.executor.execute(task, step, this.options.get(task.step)!);
  }

  /** 1. what finished?  2. what does that unblock? */
  private onTaskDone(task: PendingTask, record: TaskRecord): void {
    if (record.status === 'cancelled') return;
    if (record.status === 'failed') {
      this.fail(task.step, `Step "${task.step}" failed (task ${this.pathspec}/${task.step}/${task.taskId}): ${record.exception?.type ?? 'Error'}: ${record.exception?.message ?? 'see its logs'}`);
      return;
    }
    const transition = record.transition;
    if (!transition || transition.kind === 'end') return;
    switch (transition.kind) {
      case 'linear':
      case 'switch':
        this.advance(record, transition.targets[0]!, record.splitStack);
        break;
      case 'branch':
        transition.targets.forEach((target, index) =>
          this.advance(record, target, [
            ...record.splitStack,
            { kind: 'branch', step: record.step, splitTaskId: record.taskId, index, width: transition.targets.length },
          ]),
        );
        break;
      case 'foreach': {
        const width = transition.numSplits ?? 0;
        const limit = this.run.maxNumSplits ?? DEFAULT_MAX_NUM_SPLITS;
        if (width > limit) {
          this.fail(record.step, `Step "${record.step}" splits into ${width} tasks over "${transition.foreachVar}", more than --max-num-splits ${limit}. Raise the limit or split less.`);
          return;
        }
        if (width === 0) {
          this.fail(record.step, `Step "${record.step}" has a foreach over "${transition.foreachVar}", which is empty: there is nothing to run. Give it at least one item.`);
          return;
        }
        for (let index = 0; index < width; index += 1) {
          this.advance(record, transition.targets[0]!, [
            ...record.splitStack,
            { kind: 'foreach', step: record.step, splitTaskId: record.taskId, index, width, foreachVar: transition.foreachVar ?? '' },
          ]);
        }
        break;
      }
    }
  }

  private advance(parent: TaskRecord, target: string, stack: readonly SplitFrame[]): void {
    const step = this.steps.get(target);
    if (!step) {
      this.fail(parent.step, `Step "${parent.step}" moved to "${target}", which is not a step of ${this.flow}.`);
      return;
    }
    if (!step.isJoin) {
      this.enqueue(target, stack, [parent]);
      return;
    }
    const top = stack[stack.length - 1];
    if (!top) {
      this.fail(target, `Step "${target}" is a join (it takes inputs), but "${parent.step}" reaches it outside any branch or foreach.`);
      return;
    }
    const key = joinKey(target, stack);
    let arrivals = this.joins.get(key);
    if (!arrivals) {
      arrivals = { width: top.width, stack: stack.slice(0, -1), arrived: new Map() };
      this.joins.set(key, arrivals);
    }
    arrivals.arrived.set(top.index, parent);
    if (arrivals.arrived.size === arrivals.width) {
      this.joins.delete(key);
      const inputs = [...arrivals.arrived.entries()].sort((a, b) => a[0] - b[0]).map(([, record]) => record);
      this.enqueue(target, arrivals.stack, inputs);
    }
  }

  private fail(step: string, message: string): void {
    if (this.failure) {
      this.failure.steps.add(step);
      return;
    }
    this.failure = { message, steps: new Set([step]) };
    this.queue.length = 0;
    // Like Metaflow: one failed step ends the run, so the tasks still running are stopped.
    this.cancelController.abort('run-failed');
  }

  private abortWithError(error: unknown): void {
    this.fail('start', (error as Error).message);
    if (!this.begun) {
      // Not even the run record could be written (e.g. the store is not writable).
      const message = (error as Error).message;
      this.emit({ type: 'run-finished', status: 'failed', message });
      this.finish({ flow: this.flow, runId: this.runId, pathspec: this.pathspec, status: 'failed', message });
      return;
    }
    this.maybeFinish();
  }

  /** The run record is written: from here on an end record may follow it. */
  private begun = false;
  private finishing = false;
  /** Stops the run's heartbeat (started once run.json is written; see store/run-liveness.ts). */
  private stopHeartbeat: () => Promise<void> = async () => undefined;

  private maybeFinish(): void {
    if (!this.begun || this.finishing || this.running > 0) return;
    if (!this.cancelled && !this.failure && this.queue.length > 0) return;
    this.finishing = true;
    // Task records are made durable in the background (store/ordered-writes.ts): the run has
    // ended well only once they all are.
    void this.deps.store.recordsWritten(this.runId).then(
      () => this.end(),
      (error: unknown) => {
        this.failure ??= { message: `A record of the run could not be written: ${(error as Error).message}`, steps: new Set() };
        this.end();
      },
    );
  }

  /** Writes the end record, stops the heartbeat, removes the scratch folder, and says so. */
  private end(): void {
    let status: RunEndRecord['status'];
    let message: string | undefined;
    if (this.cancelled) {
      status = 'cancelled';
      message = 'The run was cancelled.';
    } else if (this.failure) {
      status = 'failed';
      message = this.failure.message;
    } else if (this.joins.size > 0) {
      status = 'failed';
      const [key] = this.joins.keys();
      message = `Join "${key!.split('@')[0]}" never received all of its inputs.`;
    } else {
      status = 'succeeded';
    }
    const end: RunEndRecord = {
      version: 1,
      status,
      finishedAt: new Date().toISOString(),
      ...(message ? { message } : {}),
      ...(this.failure ? { failedSteps: [...this.failure.steps] } : {}),
    };
    void this.deps.store
      .writeRunEnd(this.flow, this.runId, end)
      .catch(() => undefined)
      .then(() => this.stopHeartbeat())
      // Blocking: the scratch folder holds a few slot folders, and each asynchronous call of a
      // recursive rm is a hop to the thread pool, all on the way to the run's end (issue 11).
      .then(() => rmSync(this.deps.store.workDir(this.runId), { recursive: true, force: true }))
      .then(() => this.backends.runFinished?.(this.runId))
      .catch(() => undefined)
      .then(() => {
        this.emit({ type: 'run-finished', status, ...(message ? { message } : {}) });
        this.finish({ flow: this.flow, runId: this.runId, pathspec: this.pathspec, status, ...(message ? { message } : {}) });
      });
  }
}
