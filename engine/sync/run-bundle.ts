import { stat } from 'node:fs/promises';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { sha256OfFile } from '../store/content-addressed-store.js';
import type { AttemptEndRecord, AttemptStartRecord, RunEndRecord, RunRecord, TaskRecord } from '../store/records.js';
import type { RunStore } from '../store/run-store.js';

/** Logs up to this size travel inside the bundle (one object per run); longer ones as blobs. */
export const INLINE_LOG_BYTES = 256 * 1024;

/** A log: its text inline, or the digest of a blob holding it. */
export type BundledLog = { readonly text: string } | { readonly sha: string; readonly size: number };

export interface BundledAttempt {
  readonly attempt: number;
  readonly start: AttemptStartRecord | null;
  readonly end: AttemptEndRecord | null;
  readonly stdout: BundledLog | null;
  readonly stderr: BundledLog | null;
}

export interface BundledTask {
  readonly step: string;
  readonly taskId: string;
  readonly task: TaskRecord | null;
  readonly attempts: readonly BundledAttempt[];
}

/**
 * Every record of one finished run in one object: `runs/<Flow>/<RunId>/bundle.json` in the
 * bucket. It is written last, after every blob it names, with `If-None-Match: *`: its presence
 * is the commit marker of a pushed run, so a run half pushed is never visible.
 */
export interface RunBundle {
  readonly version: 1;
  readonly run: RunRecord;
  readonly end: RunEndRecord;
  readonly tasks: readonly BundledTask[];
}

/** What a push must send for one run: its bundle and the blobs it refers to, with their files. */
export interface PreparedRun {
  readonly flow: string;
  readonly runId: string;
  readonly bundle: RunBundle;
  readonly bundleBytes: Buffer;
  /** sha → local file (store blobs and long logs). */
  readonly blobs: Map<string, string>;
}

const STEP = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TASK_ID = /^[0-9]+$/;
const FLOW = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RUN_ID = /^[A-Za-z0-9_-]+$/;
const SHA = /^[0-9a-f]{64}$/;

export function bundleKey(flow: string, runId: string): string {
  return `runs/${flow}/${runId}/bundle.json`;
}

/** Reads a finished run's records (and the blobs it needs) from the local store. */
export async function prepareRun(store: RunStore, flow: string, runId: string): Promise<PreparedRun | null> {
  const prefix = store.runPrefix(flow, runId);
  const run = await store.readJson<RunRecord>(`${prefix}/run.json`);
  const end = await store.readJson<RunEndRecord>(`${prefix}/end.json`);
  if (!run || !end) return null;
  const blobs = new Map<string, string>();
  const addBlob = (sha: string): void => void blobs.set(sha, store.blobs.pathOf(sha));
  addBlob(run.codeSha);
  if (run.codePackageSha) {
    addBlob(run.codePackageSha);
    for (const sha of await packageFiles(store, run.codePackageSha)) addBlob(sha);
  }

  const keys = await store.storage.list(`${prefix}/tasks/`);
  const byTask = new Map<string, Set<number>>();
  for (const key of keys) {
    const match = /^runs\/[^/]+\/[^/]+\/tasks\/([^/]+)\/([^/]+)\/(?:attempt-(\d+)\/)?/.exec(key);
    if (!match) continue;
    const id = `${match[1]}/${match[2]}`;
    const attempts = byTask.get(id) ?? new Set<number>();
    if (match[3] !== undefined) attempts.add(Number(match[3]));
    byTask.set(id, attempts);
  }
  const tasks: BundledTask[] = [];
  for (const [id, attemptNumbers] of byTask) {
    const [step, taskId] = id.split('/') as [string, string];
    const task = await store.readJson<TaskRecord>(`${store.taskPrefix(flow, runId, step, taskId)}/task.json`);
    for (const artifact of Object.values(task?.artifacts ?? {})) {
      addBlob(artifact.sha);
      if (artifact.table) addBlob(artifact.table.sha);
    }
    const attempts: BundledAttempt[] = [];
    for (const attempt of [...attemptNumbers].sort((a, b) => a - b)) {
      const attemptKeys = store.attemptKeys(flow, runId, step, taskId, attempt);
      attempts.push({
        attempt,
        start: await store.readJson<AttemptStartRecord>(attemptKeys.start),
        end: await store.readJson<AttemptEndRecord>(attemptKeys.end),
        stdout: await bundleLog(store, attemptKeys.stdout, blobs),
        stderr: await bundleLog(store, attemptKeys.stderr, blobs),
      });
    }
    tasks.push({ step, taskId, task, attempts });
  }
  tasks.sort((a, b) => Number(a.taskId) - Number(b.taskId));
  const bundle: RunBundle = { version: 1, run, end, tasks };
  return { flow, runId, bundle, bundleBytes: Buffer.from(JSON.stringify(bundle)), blobs };
}

/** The blobs a code package lists (its JSON is in the store: the run was made here). */
async function packageFiles(store: RunStore, sha: string): Promise<string[]> {
  try {
    const parsed = JSON.parse(Buffer.from(await store.blobs.getBytes(sha)).toString('utf8')) as { files?: Record<string, unknown> };
    return Object.values(parsed.files ?? {}).filter((value): value is string => typeof value === 'string' && SHA.test(value));
  } catch (error) {
    throw new FlowbenchError(ErrorCode.store, `The code package ${sha} of a run could not be read: ${(error as Error).message}`, { cause: error });
  }
}

async function bundleLog(store: RunStore, key: string, blobs: Map<string, string>): Promise<BundledLog | null> {
  const path = store.storage.pathOf(key);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return null;
  }
  if (size <= INLINE_LOG_BYTES) {
    const bytes = await store.storage.get(key);
    return bytes === null ? null : { text: Buffer.from(bytes).toString('utf8') };
  }
  const sha = await sha256OfFile(path);
  blobs.set(sha, path);
  return { sha, size };
}

/** The blobs a bundle's logs live in (a puller fetches them with the records). */
export function logBlobs(bundle: RunBundle): string[] {
  const shas: string[] = [];
  for (const task of bundle.tasks) {
    for (const attempt of task.attempts) {
      for (const log of [attempt.stdout, attempt.stderr]) if (log && 'sha' in log) shas.push(log.sha);
    }
  }
  return shas;
}

/**
 * Checks a bundle read from a bucket before anything of it touches the disk: every name that
 * becomes a path is checked, so a hostile object cannot write outside the run's folder.
 */
export function parseBundle(bytes: Uint8Array, where: string, expected?: { flow: string; runId: string }): RunBundle {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new FlowbenchError(ErrorCode.remote, `The run bundle ${where} is corrupt (${(error as Error).message}); it was not used.`);
  }
  return validateBundle(value, where, expected);
}

/** The checks of `parseBundle` on a value already parsed (bundles inside a journal entry). */
export function validateBundle(input: unknown, where: string, expected?: { flow: string; runId: string }): RunBundle {
  const fail = (why: string): never => {
    throw new FlowbenchError(ErrorCode.remote, `The run bundle ${where} is corrupt (${why}); it was not used.`);
  };
  const value = input as RunBundle;
  if (value?.version !== 1 || typeof value.run !== 'object' || typeof value.end !== 'object' || !Array.isArray(value.tasks)) fail('not a run bundle');
  if (!FLOW.test(String(value.run.flow)) || !RUN_ID.test(String(value.run.runId))) fail('bad flow name or run id');
  if (expected && (value.run.flow !== expected.flow || value.run.runId !== expected.runId)) fail(`it holds ${value.run.flow}/${value.run.runId}`);
  if (!SHA.test(String(value.run.codeSha))) fail('bad code digest');
  for (const task of value.tasks) {
    if (!STEP.test(String(task.step)) || !TASK_ID.test(String(task.taskId)) || !Array.isArray(task.attempts)) fail('bad task');
    for (const attempt of task.attempts) {
      if (!Number.isInteger(attempt.attempt) || attempt.attempt < 0) fail('bad attempt number');
      for (const log of [attempt.stdout, attempt.stderr]) {
        if (log && !('text' in log && typeof log.text === 'string') && !('sha' in log && SHA.test(String(log.sha)))) fail('bad log');
      }
    }
  }
  return value;
}
