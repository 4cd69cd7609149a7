import { readFile, stat } from 'node:fs/promises';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { blobKey, sha256 } from '../store/content-addressed-store.js';
import type { TagEventRecord } from '../store/records.js';
import type { RunStore } from '../store/run-store.js';
import { newJournalKey, RUNS_PER_ENTRY, type JournalEntry, type JournalTag } from './journal.js';
import { forEachLimit } from './pool.js';
import { bundleKey, prepareRun, type PreparedRun } from './run-bundle.js';
import type { S3Bucket } from './s3-bucket.js';
import type { SyncState } from './sync-state.js';
import type { TransferProgress } from './transfer-progress.js';

/** Blobs up to this size go in one conditional PUT (a 412 says someone sent it already). */
const SINGLE_PUT_BYTES = 256 * 1024;
/** Blobs from this size go as parallel multipart uploads (two parts or more). */
const MULTIPART_BYTES = 16 * 1024 * 1024;
/** Requests in flight at once for small objects. */
const CONCURRENCY = 16;

const RUN_FOLDER = /^[A-Za-z0-9_-]+$/;
const TAG_MARKER = /^([0-9A-HJKMNP-TV-Z]{26})\.([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z0-9_-]+)$/;

export interface SyncPart {
  readonly store: RunStore;
  readonly user: string;
  readonly bucket: S3Bucket;
  readonly state: SyncState;
  readonly progress: TransferProgress;
  readonly signal?: AbortSignal;
}

/** What a push would send now, read from the local store and the push state (no requests). */
export interface PendingWork {
  readonly runs: readonly { flow: string; runId: string }[];
  readonly tags: readonly { flow: string; runId: string; eventId: string }[];
}

/**
 * Finished runs of this store not yet in the bucket, and tag events not yet there. Teammates'
 * runs (pulled) are never pushed back; a run still going (no end record) waits for the next push;
 * a run whose engine died is ended as failed (RunStore.endDeadRun) and goes now.
 */
export async function pendingWork(store: RunStore, state: SyncState): Promise<PendingWork> {
  const [runsUp, runsPulled, tagsUp] = await Promise.all([state.runsUp(), state.runsPulled(), state.tagsUp()]);
  const runs: { flow: string; runId: string }[] = [];
  const inBucket = (id: string): boolean => runsUp.has(id) || runsPulled.has(id);
  for (const flow of await store.flows()) {
    for (const runId of (await store.storage.children(`runs/${flow}/`)).filter((id) => RUN_FOLDER.test(id))) {
      const id = `${flow}/${runId}`;
      if (inBucket(id)) continue;
      const prefix = `runs/${id}`;
      if (await store.storage.has(`${prefix}/pulled.json`)) continue;
      if (!(await store.storage.has(`${prefix}/run.json`))) continue;
      // A run whose engine was killed gets the end record it never wrote, and goes as failed.
      if ((await store.storage.has(`${prefix}/end.json`)) || (await store.endDeadRun(flow, runId))) runs.push({ flow, runId });
    }
  }
  // Tag events made here (RunStore.changeTags leaves a marker for each): one folder read. Those
  // of a run that is not up yet wait for it.
  const pushingNow = new Set(runs.map((run) => `${run.flow}/${run.runId}`));
  const tags: { flow: string; runId: string; eventId: string }[] = [];
  for (const name of await store.storage.children('tag-events/')) {
    const match = TAG_MARKER.exec(name);
    if (!match) continue;
    const [, eventId, flow, runId] = match as unknown as [string, string, string, string];
    const id = `${flow}/${runId}`;
    if (!tagsUp.has(`${id}/${eventId}`) && (inBucket(id) || pushingNow.has(id))) tags.push({ flow, runId, eventId });
  }
  return { runs, tags };
}

/**
 * Sends every finished run not yet up, then new tag events:
 * 1. blobs the runs refer to (content-addressed: a blob anyone sent already is skipped);
 * 2. each run's bundle, with If-None-Match — the commit marker, written after its blobs;
 * 3. each tag event as its own write-once object;
 * 4. journal entries naming what became visible, then the local push state.
 * A kill anywhere leaves nothing half visible, and the next push picks up from the state.
 */
export async function push(part: SyncPart, pending: PendingWork): Promise<{ pushedRuns: number; bytesUp: number }> {
  const { store, bucket, state, progress, signal } = part;
  if (pending.runs.length === 0 && pending.tags.length === 0) return { pushedRuns: 0, bytesUp: 0 };
  let bytesUp = 0;

  // 1. Read the runs' records and find the blobs they need.
  const prepared: PreparedRun[] = [];
  await forEachLimit(pending.runs, 8, async ({ flow, runId }) => {
    const run = await prepareRun(store, flow, runId);
    if (run) prepared.push(run);
  });
  const blobsUp = await state.blobsUp();
  const blobs = new Map<string, string>();
  for (const run of prepared) for (const [sha, path] of run.blobs) if (!blobsUp.has(sha)) blobs.set(sha, path);
  const sizes = new Map<string, number>();
  await forEachLimit([...blobs], 32, async ([sha, path]) => {
    try {
      sizes.set(sha, (await stat(path)).size);
    } catch {
      const owner = prepared.find((run) => run.blobs.has(sha));
      throw new FlowbenchError(ErrorCode.store, `Blob ${sha} of ${owner?.flow}/${owner?.runId} is missing from ${store.root}; that run cannot be pushed.`);
    }
  });
  const bundleBytes = prepared.reduce((sum, run) => sum + run.bundleBytes.length, 0);
  progress.expect(blobs.size + prepared.length + pending.tags.length, [...sizes.values()].reduce((a, b) => a + b, 0) + bundleBytes);

  // 2. Blobs: the large ones first, each in parallel parts; small ones many at a time.
  const large = [...blobs].filter(([sha]) => sizes.get(sha)! >= MULTIPART_BYTES);
  const small = [...blobs].filter(([sha]) => sizes.get(sha)! < MULTIPART_BYTES);
  // A blob is checked against its digest on the way out: a store damaged on this disk never
  // puts wrong bytes under a name everyone trusts.
  const verified = async (sha: string, path: string): Promise<Buffer> => {
    const bytes = await readFile(path);
    if (sha256(bytes) !== sha) throw new FlowbenchError(ErrorCode.store, `The local blob ${path} does not match its digest ${sha}; it was not pushed.`);
    return bytes;
  };
  const sendBlob = async ([sha, path]: [string, string]): Promise<void> => {
    const size = sizes.get(sha)!;
    const key = blobKey(sha);
    if (size <= SINGLE_PUT_BYTES) {
      const written = await bucket.putIfAbsent(key, await verified(sha, path), signal);
      if (written) bytesUp += size;
      progress.object(size);
    } else if (await bucket.exists(key, signal)) {
      progress.object(size);
    } else if (size < MULTIPART_BYTES) {
      await bucket.putIfAbsent(key, await verified(sha, path), signal);
      bytesUp += size;
      progress.object(size);
    } else {
      await bucket.uploadFile(key, path, sha, (bytes) => progress.bytes(bytes), signal);
      bytesUp += size;
      progress.object(0);
    }
    // Remembered in batches (a kill forgets at most a batch: those blobs get a 412 or a HEAD again).
    confirmed.push(sha);
    if (confirmed.length >= 64) await state.add('blobs-up.txt', confirmed.splice(0));
  };
  const confirmed: string[] = [];
  try {
    await forEachLimit(large, 2, sendBlob);
    await forEachLimit(small, CONCURRENCY, sendBlob);
  } finally {
    await state.add('blobs-up.txt', confirmed.splice(0));
  }

  // 3. Bundles. A 412 means this run's bundle is there already (a push killed before its
  //    journal entry, or a second push of this store at the same time): it counts as up.
  await forEachLimit(prepared, CONCURRENCY, async (run) => {
    if (await bucket.putIfAbsent(bundleKey(run.flow, run.runId), run.bundleBytes, signal)) bytesUp += run.bundleBytes.length;
    progress.object(run.bundleBytes.length);
  });

  // 4. Tag events, each its own write-once object.
  const tagRecords: JournalTag[] = [];
  await forEachLimit(pending.tags, CONCURRENCY, async ({ flow, runId, eventId }) => {
    const key = `runs/${flow}/${runId}/tags/${eventId}.json`;
    const bytes = await store.storage.get(key);
    if (bytes === null) return;
    const event = JSON.parse(Buffer.from(bytes).toString('utf8')) as TagEventRecord;
    if (await bucket.putIfAbsent(key, bytes, signal)) bytesUp += bytes.length;
    tagRecords.push({ flow, runId, eventId, event });
    progress.object(bytes.length);
  });

  // 5. The journal: what became visible, a few hundred runs an entry; then the local state.
  const order = (a: { runId: string }, b: { runId: string }): number => (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0);
  prepared.sort(order);
  tagRecords.sort((a, b) => order({ runId: a.eventId }, { runId: b.eventId }));
  for (let start = 0; start < Math.max(prepared.length, 1); start += RUNS_PER_ENTRY) {
    const runs = prepared.slice(start, start + RUNS_PER_ENTRY);
    const tags = start === 0 ? tagRecords : [];
    if (runs.length === 0 && tags.length === 0) break;
    const entry: JournalEntry = { version: 1, user: part.user, at: new Date().toISOString(), runs: runs.map((run) => run.bundle), tags };
    const bytes = Buffer.from(JSON.stringify(entry));
    const key = newJournalKey();
    await bucket.putIfAbsent(key, bytes, signal);
    bytesUp += bytes.length;
    await state.noteOwnJournalEntry(key);
    await state.add('runs-up.txt', runs.map((run) => `${run.flow}/${run.runId}`));
    await state.add('tags-up.txt', tags.map((tag) => `${tag.flow}/${tag.runId}/${tag.eventId}`));
  }
  return { pushedRuns: prepared.length, bytesUp };
}
