import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { processAlive } from '../util/process-alive.js';
import { ContentAddressedStore } from './content-addressed-store.js';
import { exactParameters } from './exact-parameters.js';
import { LocalByteStorage } from './local-byte-storage.js';
import { OrderedWrites } from './ordered-writes.js';
import type {
  AttemptEndRecord,
  AttemptStartRecord,
  RunEndRecord,
  RunRecord,
  RunStatus,
  TagEventRecord,
  TaskRecord,
} from './records.js';
import { foldTags } from './records.js';
import { isEndRecord, isHeartbeat, isRunRecord, placeholderRecord } from './record-shape.js';
import { newRunId, ulidTime } from './run-id.js';
import { stringifyExactJson } from '../util/exact-json.js';
import { HEARTBEAT_INTERVAL_MS, judgeLiveness, type HeartbeatRecord, type Liveness } from './run-liveness.js';

const FLOW_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** What a run's folder may be called (see store/pathspec.ts); anything else in runs/<Flow>/ is not a run. */
const RUN_FOLDER = /^[A-Za-z0-9_-]+$/;

export interface RunSummary {
  readonly record: RunRecord;
  readonly end: RunEndRecord | null;
  /** `running` only while the engine that started it is alive. */
  readonly status: RunStatus;
  /** Why a run without an end record counts as failed. */
  readonly statusNote?: string;
  /**
   * Set when one of the run's records cannot be read (a disk that lost power mid-write, a file
   * truncated by hand): which file and why. The run is listed (as failed) instead of breaking
   * the list; when `run.json` itself is the damaged file, `record` holds only what the folder
   * names tell (flow, run id, the start time the id encodes).
   */
  readonly damaged?: { readonly file: string; readonly message: string };
}

export interface RunStoreOptions {
  /** After how long without a heartbeat a run of another host reads as failed (tests shorten it). */
  readonly engineLostAfterMs?: number;
}

/** A task that has started and has no task record yet (see `listUnfinishedTasks`). */
export interface UnfinishedTask {
  readonly step: string;
  readonly taskId: string;
  readonly attempts: number;
  readonly startedAt: string;
}

export interface AttemptKeys {
  readonly runId: string;
  readonly start: string;
  readonly end: string;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run, task and attempt records over a byte storage (see records.ts for the layout). The store
 * is shared by every process on the machine: each key is written by exactly one of them.
 */
export class RunStore {
  readonly blobs: ContentAddressedStore;
  /**
   * Each live run's own records (run.json, attempt and task records), made durable in the
   * background in the order written (see ordered-writes.ts): one queue per run, so a record that
   * cannot be written fails its own run, not the next one a long-lived engine starts.
   */
  private readonly recordWrites = new Map<string, OrderedWrites>();

  constructor(
    readonly storage: LocalByteStorage,
    private readonly options: RunStoreOptions = {},
  ) {
    this.blobs = new ContentAddressedStore(storage);
  }

  static open(home: string): RunStore {
    return new RunStore(new LocalByteStorage(home));
  }

  get root(): string {
    return this.storage.root;
  }

  /**
   * Scratch space of a run in progress (task specs, outputs before they are ingested). Not part
   * of the records: it is removed when the run ends and never synced.
   */
  workDir(runId: string): string {
    return join(this.root, 'work', runId);
  }

  runPrefix(flow: string, runId: string): string {
    if (!FLOW_NAME.test(flow)) throw new FlowbenchError(ErrorCode.badArgument, `Not a flow name: ${JSON.stringify(flow)}.`);
    return `runs/${flow}/${runId}`;
  }

  taskPrefix(flow: string, runId: string, step: string, taskId: string): string {
    return `${this.runPrefix(flow, runId)}/tasks/${step}/${taskId}`;
  }

  attemptKeys(flow: string, runId: string, step: string, taskId: string, attempt: number): AttemptKeys {
    const base = `${this.taskPrefix(flow, runId, step, taskId)}/attempt-${attempt}`;
    return { runId, start: `${base}/start.json`, end: `${base}/end.json`, stdout: `${base}/stdout.log`, stderr: `${base}/stderr.log` };
  }

  // ---- writing (each record exactly once) ----

  /** The run's first record; like a task's, durable in the background, before any record after it (see writeTask). */
  writeRun(record: RunRecord): Promise<void> {
    return this.writeInOrder(record.runId, `${this.runPrefix(record.flow, record.runId)}/run.json`, record);
  }

  /**
   * The run's last record, written once every task and attempt record before it is durable (so
   * a run that says it ended has all of its records). When one of those failed, the end record
   * is written all the same: the run has ended, and `recordsWritten()` told the run why it failed.
   */
  async writeRunEnd(flow: string, runId: string, end: RunEndRecord): Promise<void> {
    await this.recordsWritten(runId).catch(() => undefined);
    this.recordWrites.delete(runId);
    await this.putOnce(`${this.runPrefix(flow, runId)}/end.json`, end);
  }

  /**
   * Task and attempt records return before they are durable: the folder exists at once (a task's
   * logs go there), the record appears once its bytes are on the disk, each after the ones
   * written before it. `recordsWritten()` waits for them; reads in this process do too.
   */
  writeTask(flow: string, runId: string, task: TaskRecord): Promise<void> {
    return this.writeInOrder(runId, `${this.taskPrefix(flow, runId, task.step, task.taskId)}/task.json`, task);
  }

  writeAttemptStart(keys: AttemptKeys, record: AttemptStartRecord): Promise<void> {
    return this.writeInOrder(keys.runId, keys.start, record);
  }

  writeAttemptEnd(keys: AttemptKeys, record: AttemptEndRecord): Promise<void> {
    return this.writeInOrder(keys.runId, keys.end, record);
  }

  /** Resolves once every record of the run written so far is durable; rejects with its first failure. */
  async recordsWritten(runId: string): Promise<void> {
    await this.recordWrites.get(runId)?.settled();
  }

  private async writeInOrder(runId: string, key: string, value: unknown): Promise<void> {
    let writes = this.recordWrites.get(runId);
    if (!writes) this.recordWrites.set(runId, (writes = new OrderedWrites()));
    await writes.write(this.storage.pathOf(key), Buffer.from(`${stringifyExactJson(value, 1)}\n`));
  }

  /** Before reading: this process's own records still on their way are there first. */
  private async ownWritesVisible(): Promise<void> {
    await Promise.all([...this.recordWrites.values()].map((writes) => writes.settled().catch(() => undefined)));
  }

  private async putOnce(key: string, value: unknown): Promise<void> {
    // Exact: a parameter of 2**60 + 1 (or a float 2.0) is written as given, not as a double.
    const written = await this.storage.put(key, Buffer.from(`${stringifyExactJson(value, 1)}\n`), { ifAbsent: true });
    if (!written) throw new FlowbenchError(ErrorCode.store, `The record ${key} already exists; records are written once.`);
  }

  // ---- reading ----

  async readJson<T>(key: string): Promise<T | null> {
    await this.ownWritesVisible();
    return this.parseRecord<T>(key);
  }

  /** `readJson` for a caller that has waited for this process's own writes once already. */
  private async parseRecord<T>(key: string): Promise<T | null> {
    const bytes = await this.storage.get(key);
    if (bytes === null) return null;
    try {
      return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
    } catch (error) {
      throw new FlowbenchError(ErrorCode.store, `The record ${key} is corrupt (${(error as Error).message}).`, { cause: error });
    }
  }

  async flows(): Promise<string[]> {
    return (await this.storage.children('runs/')).filter((name) => FLOW_NAME.test(name));
  }

  /** Runs of one flow (or of all flows), newest first. */
  async listRuns(flow?: string): Promise<RunSummary[]> {
    await this.ownWritesVisible();
    const flows = flow === undefined ? await this.flows() : [flow];
    const summaries: RunSummary[] = [];
    for (const name of flows) {
      if (!FLOW_NAME.test(name)) continue;
      // One folder per run; readRun reads its two records (and skips a folder without run.json).
      for (const runId of (await this.storage.children(`runs/${name}/`)).filter((id) => RUN_FOLDER.test(id))) {
        const summary = (await this.readRun(name, runId))?.summary;
        if (summary) summaries.push(summary);
      }
    }
    return summaries.sort((a, b) => (a.record.runId < b.record.runId ? 1 : -1));
  }

  /**
   * A run and its status, the one place that decides it: the end record's, else `running` while
   * its engine lives (see run-liveness.ts). The scratch folder of a run whose engine is certainly
   * gone is removed here, by whichever engine first sees it dead. Null when there is no run.
   */
  async getRun(flow: string, runId: string): Promise<RunSummary | null> {
    await this.ownWritesVisible();
    return (await this.readRun(flow, runId))?.summary ?? null;
  }

  /**
   * getRun's reading, with whether the run's engine is certainly gone (for endDeadRun). Its
   * callers have waited for this process's own writes (`ownWritesVisible`) first.
   */
  private async readRun(flow: string, runId: string): Promise<{ summary: RunSummary; engineGone: boolean } | null> {
    const prefix = this.runPrefix(flow, runId);
    const read = await this.readRecord<RunRecord>(`${prefix}/run.json`, isRunRecord);
    if (read.value === null && read.damaged === undefined) return null;
    if (read.damaged) {
      return { summary: { record: placeholderRecord(flow, runId), end: null, status: 'failed', statusNote: 'its run record is damaged', damaged: read.damaged }, engineGone: false };
    }
    // Exact: a parameter of 2**60 + 1 reaches every view as written (exact-parameters.ts).
    const parameters = await exactParameters(this.storage, `${prefix}/run.json`, read.value!.parameters);
    const record = parameters === read.value!.parameters ? read.value! : { ...read.value!, parameters };
    const end = await this.readRecord<RunEndRecord>(`${prefix}/end.json`, isEndRecord);
    if (end.damaged) return { summary: { record, end: null, status: 'failed', statusNote: 'its end record is damaged', damaged: end.damaged }, engineGone: false };
    if (end.value) return { summary: { record, end: end.value, status: end.value.status }, engineGone: false };
    const liveness = await this.liveness(record);
    if (liveness.engineGone) await rm(this.workDir(runId), { recursive: true, force: true }).catch(() => undefined);
    return { summary: { record, end: null, status: liveness.status, ...(liveness.note ? { statusNote: liveness.note } : {}) }, engineGone: liveness.engineGone };
  }

  /** Whether the engine of a run without an end record still runs it (see run-liveness.ts). */
  private async liveness(record: RunRecord): Promise<Liveness> {
    const heartbeat = (await this.readRecord<HeartbeatRecord>(`${this.runPrefix(record.flow, record.runId)}/heartbeat`, isHeartbeat)).value;
    return judgeLiveness({
      record,
      heartbeat,
      thisHost: hostname(),
      processAlive,
      now: Date.now(),
      ...(this.options.engineLostAfterMs !== undefined ? { lostAfterMs: this.options.engineLostAfterMs } : {}),
    });
  }

  /**
   * Gives a run whose engine is certainly gone (killed on this host before it finished) the end
   * record that engine never wrote: failed, saying why. Such a run can then be pushed, and reads
   * the same in every view and on every teammate's machine. A run still going, one judged lost
   * from another host (a judgement, not a certainty) and a damaged one are left as they are.
   * Returns whether the run has an end record now.
   */
  async endDeadRun(flow: string, runId: string): Promise<boolean> {
    await this.ownWritesVisible();
    const read = await this.readRun(flow, runId);
    if (read === null || read.summary.damaged !== undefined) return false;
    if (read.summary.end !== null) return true;
    if (!read.engineGone) return false;
    const end: RunEndRecord = { version: 1, status: 'failed', finishedAt: new Date().toISOString(), message: sentence(read.summary.statusNote ?? 'the engine running it stopped before it finished') };
    // Write-once: when another process ended it first, theirs stands.
    await this.storage.put(`${this.runPrefix(flow, runId)}/end.json`, Buffer.from(`${stringifyExactJson(end, 1)}\n`), { ifAbsent: true });
    return true;
  }

  /**
   * Keeps the run's heartbeat fresh while it is live (every HEARTBEAT_INTERVAL_MS). Returns the
   * function that stops it and removes the file; call that after `end.json` is written, so no
   * reader ever sees a live run without one.
   */
  startHeartbeat(flow: string, runId: string, intervalMs = HEARTBEAT_INTERVAL_MS): () => Promise<void> {
    const key = `${this.runPrefix(flow, runId)}/heartbeat`;
    let beaten = false;
    const beat = (): Promise<unknown> => {
      beaten = true;
      const record: HeartbeatRecord = { version: 1, at: new Date().toISOString(), host: hostname(), pid: process.pid };
      return this.storage.put(key, Buffer.from(`${JSON.stringify(record)}\n`)).catch(() => undefined);
    };
    // The first beat comes after one interval: until then the run's start is its last sign of
    // life (run-liveness.ts), so a run shorter than that never writes one.
    let last: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      last = last.then(beat);
    }, intervalMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await last;
      if (beaten) await rm(this.storage.pathOf(key), { force: true }).catch(() => undefined);
    };
  }

  /** A record, null when absent, or what is wrong with it: never a throw for a bad file (callers wait for own writes). */
  private async readRecord<T>(key: string, valid: (value: unknown) => boolean): Promise<{ value: T | null; damaged?: { file: string; message: string } }> {
    const file = this.storage.pathOf(key);
    try {
      const value = await this.parseRecord<unknown>(key);
      if (value === null) return { value: null };
      if (!valid(value)) return { value: null, damaged: { file, message: `${file} is not a Flowbench record of this kind.` } };
      return { value: value as T };
    } catch (error) {
      const message = error instanceof FlowbenchError ? `${file} cannot be read: ${error.message}` : `${file} cannot be read (${(error as Error).message}).`;
      return { value: null, damaged: { file, message } };
    }
  }

  async requireRun(flow: string, runId: string): Promise<RunSummary> {
    const run = await this.getRun(flow, runId);
    if (!run) throw new FlowbenchError(ErrorCode.notFound, `Run ${flow}/${runId} does not exist in ${this.root}. List runs with "flowbench runs ${flow}".`);
    return run;
  }

  async listTasks(flow: string, runId: string): Promise<TaskRecord[]> {
    return (await this.listTaskStates(flow, runId)).finished;
  }

  /**
   * Tasks that have started but have no task record yet: running now, or stopped when their
   * engine died. Read from their attempt records.
   */
  async listUnfinishedTasks(flow: string, runId: string): Promise<UnfinishedTask[]> {
    return (await this.listTaskStates(flow, runId)).unfinished;
  }

  /** Both of the above from one listing of the run's tasks (`flowbench show` needs both). */
  async listTaskStates(flow: string, runId: string): Promise<{ finished: TaskRecord[]; unfinished: UnfinishedTask[] }> {
    await this.ownWritesVisible();
    const keys = await this.storage.list(`${this.runPrefix(flow, runId)}/tasks/`);
    const finished: TaskRecord[] = [];
    const finishedIds = new Set<string>();
    for (const key of keys.filter((k) => k.endsWith('/task.json'))) {
      finishedIds.add(key.split('/').slice(4, 6).join('/'));
      const task = await this.parseRecord<TaskRecord>(key);
      if (task) finished.push(task);
    }
    const attempts = new Map<string, string[]>();
    for (const key of keys) {
      const match = /^runs\/[^/]+\/[^/]+\/tasks\/([^/]+)\/([^/]+)\/attempt-\d+\/start\.json$/.exec(key);
      if (!match || finishedIds.has(`${match[1]}/${match[2]}`)) continue;
      const id = `${match[1]}/${match[2]}`;
      attempts.set(id, [...(attempts.get(id) ?? []), key]);
    }
    const unfinished: UnfinishedTask[] = [];
    for (const [id, starts] of attempts) {
      const [step, taskId] = id.split('/') as [string, string];
      const first = await this.parseRecord<AttemptStartRecord>(starts.sort()[0]!);
      unfinished.push({ step, taskId, attempts: starts.length, startedAt: first?.startedAt ?? '' });
    }
    const byId = (a: { taskId: string }, b: { taskId: string }): number => Number(a.taskId) - Number(b.taskId);
    return { finished: finished.sort(byId), unfinished: unfinished.sort(byId) };
  }

  /** Task ids under a step, including tasks still running (which have attempts but no task.json). */
  async listTaskIds(flow: string, runId: string, step: string): Promise<string[]> {
    await this.ownWritesVisible();
    // One folder read: a task's folder is named by its id.
    const ids = await this.storage.children(`${this.runPrefix(flow, runId)}/tasks/${step}/`);
    return ids.sort((a, b) => Number(a) - Number(b));
  }

  async listAttempts(flow: string, runId: string, step: string, taskId: string): Promise<number[]> {
    await this.ownWritesVisible();
    const keys = await this.storage.list(`${this.taskPrefix(flow, runId, step, taskId)}/attempt-`);
    const attempts = new Set(keys.map((key) => Number(/attempt-(\d+)\//.exec(key)?.[1] ?? NaN)).filter((n) => !Number.isNaN(n)));
    return [...attempts].sort((a, b) => a - b);
  }

  // ---- tags (events; the run record stays as written) ----

  /** Adds and removes tags of a run as new write-once events; returns the run's tags after. */
  async changeTags(flow: string, runId: string, op: TagEventRecord['op'], tags: readonly string[], user: string): Promise<string[]> {
    const run = await this.requireRun(flow, runId);
    // Events apply in id order, and ids made in the same millisecond order at random: each new
    // event gets a millisecond after the run's latest event, so changes apply in the order made.
    const latest = (await this.storage.children(`${this.runPrefix(flow, runId)}/tags/`)).filter((name) => name.endsWith('.json')).pop();
    const start = Math.max(Date.now(), latest ? ulidTime(latest) + 1 : 0);
    for (const [index, tag] of tags.entries()) {
      if (tag === `user:${run.record.user}` && op === 'remove') {
        throw new FlowbenchError(ErrorCode.badArgument, `The tag ${tag} says who ran ${flow}/${runId}; it cannot be removed.`);
      }
      const event: TagEventRecord = { version: 1, op, tag, user, at: new Date().toISOString() };
      const eventId = newRunId(start + index);
      await this.putOnce(`${this.runPrefix(flow, runId)}/tags/${eventId}.json`, event);
      // An empty marker per event made here, so a push finds new events with one folder read
      // instead of one per run (engine/sync). Events pulled from a remote get none.
      await this.storage.put(`tag-events/${eventId}.${flow}.${runId}`, new Uint8Array(0), { ifAbsent: true });
    }
    return this.tagsOf(run.record);
  }

  /** The run's tags now: `user:<name>`, the record's tags, then every tag event in order. */
  async tagsOf(record: RunRecord): Promise<string[]> {
    const prefix = `${this.runPrefix(record.flow, record.runId)}/tags/`;
    const events: TagEventRecord[] = [];
    for (const name of await this.storage.children(prefix)) {
      if (!name.endsWith('.json')) continue;
      // Tag events are written whole and at once (not through the run's ordered writes).
      const event = await this.parseRecord<TagEventRecord>(`${prefix}${name}`);
      if (event) events.push(event);
    }
    const userTag = `user:${record.user}`;
    return foldTags(record.tags.includes(userTag) ? record.tags : [userTag, ...record.tags], events);
  }

  /** True for a run pulled from a teammate through a remote (engine/sync marks it `pulled.json`, never pushed). */
  isPulled(flow: string, runId: string): Promise<boolean> {
    return this.storage.has(`${this.runPrefix(flow, runId)}/pulled.json`);
  }

  async readCode(run: RunRecord): Promise<string> {
    return Buffer.from(await this.blobs.getBytes(run.codeSha)).toString('utf8');
  }
}

/** A note as a sentence: capitalised, with its full stop. */
function sentence(note: string): string {
  return `${note.charAt(0).toUpperCase()}${note.slice(1)}${note.endsWith('.') ? '' : '.'}`;
}
