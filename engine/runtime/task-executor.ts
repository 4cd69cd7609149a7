import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { CodeCheckout } from '../backends/backend.js';
import type { BackendSelector } from './backend-selector.js';
import { assertNever } from '../errors/assert-never.js';
import type { StepSpec } from '../graph/flow-graph.js';
import type { ArtifactRecord, AttemptEndRecord, SplitFrame, TaskRecord } from '../store/records.js';
import type { RunStore } from '../store/run-store.js';
import { stringifyExactJson } from '../util/exact-json.js';
import type { RunEvent } from './events.js';
import type { ParameterValues } from './parameters.js';
import { foreachStackForRuntime } from './split-stack.js';
import type { StepOptions } from './step-options.js';
import { ingestArtifacts, readRuntimeResult, transitionRecord, type RuntimeResult } from './task-result.js';
import { WorkDirPool } from './work-dir.js';

/** A task the scheduler has decided to run: its step, position among splits and input tasks. */
export interface PendingTask {
  readonly step: string;
  readonly taskId: string;
  readonly splitStack: readonly SplitFrame[];
  readonly inputs: readonly TaskRecord[];
}

export interface TaskExecutorContext {
  readonly store: RunStore;
  /** Picks the backend of each step (its decorators may ask for Docker). */
  readonly backends: BackendSelector;
  readonly flow: string;
  readonly runId: string;
  /** The run's code package, checked out: every task runs it, never the live flow file. */
  readonly code: CodeCheckout;
  /** For a resumed run: the run it resumed (`current.origin_run_id`). */
  readonly originRunId?: string;
  readonly user: string;
  readonly tags: readonly string[];
  readonly parameters: ParameterValues;
  /** Aborted when the run is cancelled or fails: every running task is stopped. */
  readonly cancelSignal: AbortSignal;
  readonly emit: (event: RunEvent) => void;
}

/** How one attempt ended, before it becomes records. */
interface AttemptOutcome {
  readonly status: AttemptEndRecord['status'];
  readonly result: RuntimeResult | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly message: string;
  /** The artifacts the attempt stored (set when it succeeded or its exception was caught). */
  readonly artifacts?: { readonly [name: string]: ArtifactRecord };
}

/** A spec is written in pieces of about this many characters (see `specText`). */
const SPEC_PIECE_CHARS = 1 << 16;

/**
 * Runs one task to its end: its attempts (retries with their delay, a timeout per attempt),
 * `@catch`, and the records each attempt and the task leave in the store. Knows nothing of the
 * graph beyond the step it runs.
 */
export class TaskExecutor {
  private readonly flowFile: string;
  /**
   * The parameters, written exactly once per run (a float parameter given 2 must reach Python as
   * 2.0, and 2**60 + 1 as itself), and the string that stands for them in a spec until the spec,
   * written by the much faster JSON.stringify (a join's spec lists thousands of inputs), has it
   * replaced. The placeholder carries random bytes, so no artifact preview can equal it.
   */
  private readonly parametersJson: string;
  private readonly parametersPlaceholder = `flowbench-parameters-${randomBytes(12).toString('hex')}`;
  /** Stands for the inputs in a spec's text until `specText` writes them there, one by one. */
  private readonly inputsPlaceholder = `flowbench-inputs-${randomBytes(12).toString('hex')}`;
  private readonly workDirs: WorkDirPool;

  constructor(private readonly context: TaskExecutorContext) {
    this.flowFile = join(context.code.dir, ...context.code.entry.split('/'));
    this.parametersJson = stringifyExactJson(context.parameters);
    this.workDirs = new WorkDirPool(context.store.workDir(context.runId));
  }

  private pathspec(task: PendingTask): string {
    return `${this.context.flow}/${this.context.runId}/${task.step}/${task.taskId}`;
  }

  /** Resume: the origin's task stands for this one; its artifacts are reused, not copied. */
  async clone(task: PendingTask, origin: TaskRecord, originRun: string): Promise<TaskRecord> {
    const now = new Date().toISOString();
    const record: TaskRecord = {
      version: 1,
      step: task.step,
      taskId: task.taskId,
      status: 'succeeded',
      startedAt: now,
      finishedAt: now,
      attempts: 0,
      splitStack: task.splitStack,
      inputs: task.inputs.map((input) => `${this.context.flow}/${this.context.runId}/${input.step}/${input.taskId}`),
      artifacts: origin.artifacts,
      ...(origin.transition ? { transition: origin.transition } : {}),
      ...(origin.caught ? { caught: origin.caught } : {}),
      origin: `${originRun}/${origin.step}/${origin.taskId}`,
    };
    await this.context.store.writeTask(this.context.flow, this.context.runId, record);
    this.context.emit({ type: 'task-finished', step: task.step, taskId: task.taskId, status: 'succeeded', durationMs: 0, cloned: true });
    return record;
  }

  async execute(task: PendingTask, step: StepSpec, options: StepOptions): Promise<TaskRecord> {
    const startedAt = new Date();
    const attempts = options.retries + 1;
    let outcome: AttemptOutcome | null = null;
    let attempt = 0;
    for (; attempt < attempts; attempt += 1) {
      if (this.context.cancelSignal.aborted) break;
      outcome = await this.runAttempt(task, step, options, attempt, attempt === attempts - 1);
      if (outcome.status !== 'failed' && outcome.status !== 'timeout') break;
      if (attempt < attempts - 1) {
        this.context.emit({
          type: 'task-retrying',
          step: task.step,
          taskId: task.taskId,
          attempt: attempt + 1,
          reason: outcome.message,
          delayMs: options.retryDelayMs,
        });
        await abortableDelay(options.retryDelayMs, this.context.cancelSignal);
      }
    }
    const record = await this.taskRecord(task, step, options, startedAt, Math.min(attempt + 1, attempts), outcome);
    await this.context.store.writeTask(this.context.flow, this.context.runId, record);
    this.context.emit({
      type: 'task-finished',
      step: task.step,
      taskId: task.taskId,
      status: record.status,
      durationMs: Date.now() - startedAt.getTime(),
      ...(record.status === 'failed' && outcome ? { message: outcome.message } : {}),
    });
    return record;
  }

  private async runAttempt(
    task: PendingTask,
    step: StepSpec,
    options: StepOptions,
    attempt: number,
    lastAttempt: boolean,
  ): Promise<AttemptOutcome> {
    const { store, flow, runId } = this.context;
    const backend = this.context.backends.backendFor(step, options);
    const keys = store.attemptKeys(flow, runId, task.step, task.taskId, attempt);
    const stdoutPath = store.storage.pathOf(keys.stdout);
    const stderrPath = store.storage.pathOf(keys.stderr);
    const workDir = this.workDirs.take((dir) => this.specText(task, step, options, attempt, lastAttempt, dir.outputDir));
    const { outputDir, specPath } = workDir;
    // Also creates the attempt's folder, where the backend opens the log files as the task starts.
    await store.writeAttemptStart(keys, { version: 1, attempt, startedAt: new Date().toISOString(), backend: backend.name });

    // A task is stopped by a cancel of the run or by its own timeout; remember which.
    const controller = new AbortController();
    const onCancel = (): void => controller.abort('cancelled');
    this.context.cancelSignal.addEventListener('abort', onCancel);
    const timer = options.timeoutMs === null ? null : setTimeout(() => controller.abort('timeout'), options.timeoutMs);

    let exitCode: number | null = null;
    let signal: string | null = null;
    let backendMessage: string | undefined;
    try {
      for await (const event of backend.run(
        {
          label: `${this.pathspec(task)} (attempt ${attempt + 1})`,
          flowFile: this.flowFile,
          code: this.context.code,
          specPath,
          stdoutPath,
          stderrPath,
          outputDir,
          environment: options.environment,
          inputPaths: task.inputs.flatMap((input) => Object.values(input.artifacts).map((a) => store.blobs.pathOf(a.sha))),
          runId,
          resources: options.resources,
          image: options.image,
        },
        controller.signal,
      )) {
        if (event.type === 'started') {
          this.context.emit({ type: 'task-started', step: task.step, taskId: task.taskId, attempt });
        } else if (event.type === 'log') {
          this.context.emit({ type: 'task-log', step: task.step, taskId: task.taskId, attempt, stream: event.stream, line: event.line });
        } else {
          exitCode = event.exitCode;
          signal = event.signal;
          backendMessage = event.message;
        }
      }
    } finally {
      if (timer) clearTimeout(timer);
      this.context.cancelSignal.removeEventListener('abort', onCancel);
    }

    const outcome = await this.judge(options, outputDir, controller.signal, exitCode, signal, backendMessage);
    await store.writeAttemptEnd(keys, {
      version: 1,
      attempt,
      status: outcome.status,
      finishedAt: new Date().toISOString(),
      exitCode,
      signal,
      ...(outcome.status === 'succeeded' ? {} : { message: outcome.message }),
    });
    const stored =
      outcome.status === 'succeeded' || outcome.status === 'caught'
        ? { ...outcome, artifacts: await ingestArtifacts(outcome.result!, outputDir, store.blobs, task.inputs.map((i) => i.artifacts)) }
        : outcome;
    await this.workDirs.give(workDir);
    return stored;
  }

  private async judge(
    options: StepOptions,
    outputDir: string,
    stop: AbortSignal,
    exitCode: number | null,
    signal: string | null,
    backendMessage: string | undefined,
  ): Promise<AttemptOutcome> {
    const base = { exitCode, signal };
    if (stop.aborted && stop.reason === 'cancelled') {
      return { ...base, status: 'cancelled', result: null, message: 'cancelled' };
    }
    if (stop.aborted && stop.reason === 'timeout') {
      return { ...base, status: 'timeout', result: null, message: `timed out after ${formatSeconds(options.timeoutMs!)} (@timeout)` };
    }
    let result: RuntimeResult | null = null;
    try {
      result = await readRuntimeResult(outputDir);
    } catch (error) {
      return { ...base, status: 'failed', result: null, message: (error as Error).message };
    }
    if (result && (result.status === 'ok' || result.status === 'caught') && exitCode === 0) {
      return { ...base, status: result.status === 'ok' ? 'succeeded' : 'caught', result, message: '' };
    }
    if (result?.exception) {
      return { ...base, status: 'failed', result, message: `${result.exception.type}: ${result.exception.message}` };
    }
    if (backendMessage) return { ...base, status: 'failed', result: null, message: backendMessage };
    if (signal) return { ...base, status: 'failed', result: null, message: `the task was killed by ${signal}` };
    return {
      ...base,
      status: 'failed',
      result: null,
      message: exitCode === 0 ? 'the task ended without writing its result' : `the task exited with code ${exitCode} (see its stderr)`,
    };
  }

  /**
   * The spec's JSON text, in pieces: everything but the inputs at once, then the inputs a batch at
   * a time, each made as it is written (the 10,000 inputs of a wide foreach's join are never one
   * string, nor one array of objects).
   */
  private *specText(task: PendingTask, step: StepSpec, options: StepOptions, attempt: number, lastAttempt: boolean, outputDir: string): Generator<string> {
    const text = JSON.stringify(this.spec(task, step, options, attempt, lastAttempt, outputDir));
    const [head, tail] = text
      .replace(`"${this.parametersPlaceholder}"`, () => this.parametersJson)
      .split(`"${this.inputsPlaceholder}"`) as [string, string];
    let piece = `${head}[`;
    for (const [i, input] of task.inputs.entries()) {
      piece += `${i === 0 ? '' : ','}${JSON.stringify(this.inputEntry(input))}`;
      if (piece.length >= SPEC_PIECE_CHARS) {
        yield piece;
        piece = '';
      }
    }
    yield `${piece}]${tail}`;
  }

  /** One input of a spec: the input task's artifact records, each with where its blob is. */
  private inputEntry(input: TaskRecord): object {
    const { blobs } = this.context.store;
    return {
      step: input.step,
      task_id: input.taskId,
      artifacts: Object.fromEntries(Object.entries(input.artifacts).map(([name, a]) => [name, { ...a, path: blobs.pathOf(a.sha) }])),
    };
  }

  private spec(task: PendingTask, step: StepSpec, options: StepOptions, attempt: number, lastAttempt: boolean, outputDir: string): object {
    const fallback = staticTransition(step);
    return {
      protocol: 1,
      flow_file: this.flowFile,
      flow_class: this.context.flow,
      flow_name: this.context.flow,
      step: task.step,
      run_id: this.context.runId,
      task_id: task.taskId,
      retry_count: attempt,
      max_user_code_retries: options.retries,
      username: this.context.user,
      tags: this.context.tags,
      ...(this.context.originRunId ? { origin_run_id: this.context.originRunId } : {}),
      parameters: this.parametersPlaceholder,
      inputs: this.inputsPlaceholder, // written by specText, one input at a time
      foreach_stack: foreachStackForRuntime(task.splitStack),
      // With @retry, the exception is retried first; @catch applies to the last attempt only.
      ...(options.catch && lastAttempt ? { catch: { var: options.catch.var, print_exception: options.catch.printException } } : {}),
      ...(fallback ? { static_transition: fallback } : {}),
      environment: options.environment,
      output_dir: outputDir,
    };
  }

  private async taskRecord(
    task: PendingTask,
    step: StepSpec,
    options: StepOptions,
    startedAt: Date,
    attempts: number,
    outcome: AttemptOutcome | null,
  ): Promise<TaskRecord> {
    const base = {
      version: 1 as const,
      step: task.step,
      taskId: task.taskId,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      attempts,
      splitStack: task.splitStack,
      inputs: task.inputs.map((input) => `${this.context.flow}/${this.context.runId}/${input.step}/${input.taskId}`),
    };
    if (!outcome || outcome.status === 'cancelled') return { ...base, status: 'cancelled', artifacts: {} };
    if (outcome.status === 'succeeded' || outcome.status === 'caught') {
      const artifacts = outcome.artifacts ?? {};
      const transition = transitionRecord(outcome.result!);
      const exception = outcome.result!.exception;
      return {
        ...base,
        status: 'succeeded',
        artifacts,
        ...(transition ? { transition } : {}),
        ...(outcome.status === 'caught' && exception ? { caught: { type: exception.type, message: exception.message } } : {}),
      };
    }
    // The attempt died without the runtime catching anything (a timeout, a kill, a crash):
    // @catch still lets the flow go on when the step's next move is known without running it.
    const fallback = staticTransition(step);
    if (options.catch && fallback && fallback.kind !== 'foreach' && fallback.kind !== 'switch' && task.inputs.length <= 1) {
      const artifacts: { [name: string]: ArtifactRecord } = { ...(task.inputs[0]?.artifacts ?? {}) };
      if (options.catch.var) {
        const value = { type: outcome.status === 'timeout' ? 'TimeoutError' : 'TaskFailure', message: outcome.message };
        const bytes = Buffer.from(JSON.stringify(value), 'utf8');
        const sha = await this.context.store.blobs.putBytes(bytes);
        artifacts[options.catch.var] = { sha, encoding: 'json', type: 'dict', size: bytes.length, preview: JSON.stringify(value).slice(0, 200) };
      }
      return {
        ...base,
        status: 'succeeded',
        artifacts,
        transition: { kind: fallback.kind, targets: fallback.targets },
        caught: { type: outcome.status === 'timeout' ? 'TimeoutError' : 'TaskFailure', message: outcome.message },
      };
    }
    const exception = outcome.result?.exception;
    return {
      ...base,
      status: 'failed',
      artifacts: {},
      exception: exception ?? { type: outcome.status === 'timeout' ? 'TimeoutError' : 'TaskFailure', message: outcome.message },
    };
  }
}

/**
 * The step's next move as written, for `@catch` when the step died before `self.next`. The
 * runtime resolves a foreach's width and a switch's case from the artifacts; the engine itself
 * can use only the kinds whose targets are fixed (see `taskRecord`).
 */
type StaticTransition =
  | { kind: 'linear' | 'branch' | 'end'; targets: string[] }
  | { kind: 'foreach'; targets: string[]; foreach_var: string }
  | { kind: 'switch'; targets: string[]; condition: string; cases: { [caseValue: string]: string } };

function staticTransition(step: StepSpec): StaticTransition | null {
  const t = step.transition;
  switch (t.kind) {
    case 'linear':
    case 'branch':
      return { kind: t.kind, targets: [...t.targets] };
    case 'end':
      return { kind: 'end', targets: [] };
    case 'foreach':
      return t.foreach === null ? null : { kind: 'foreach', targets: [...t.targets], foreach_var: t.foreach };
    case 'switch':
      return t.condition === null ? null : { kind: 'switch', targets: [...t.targets], condition: t.condition, cases: { ...t.cases } };
    default:
      return assertNever(t, 'transition');
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
