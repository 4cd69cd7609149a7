import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { blobKey } from '../store/content-addressed-store.js';
import { removeLeftoverTemporaries } from '../store/leftover-temporaries.js';
import { journalKeyTime, listStartFor, parseJournalEntry, CLOCK_SKEW_MS, JOURNAL_PREFIX, type JournalEntry } from './journal.js';
import { forEachLimit } from './pool.js';
import type { SyncPart } from './push.js';
import { writePulledRun } from './pulled-run.js';
import { logBlobs, type RunBundle } from './run-bundle.js';

/**
 * Brings what teammates pushed since the last pull: run records (into the local store layout,
 * each write-once, marked `pulled.json`) and tag events. Artifact blobs stay in the bucket until
 * something opens them (see remote-fetcher.ts); long logs come now, verified.
 *
 * 1. list the journal from a little before the last key read (clock skew), skipping keys read;
 * 2. read the new entries in parallel;
 * 3. write each run not here yet, then the tag events;
 * 4. move the cursor.
 */
export async function pull(part: SyncPart): Promise<{ pulledRuns: number; bytesDown: number }> {
  const { store, bucket, state, progress, signal } = part;
  const cursor = await state.cursor();
  const recent = new Set(cursor.recent);
  const listed = (await bucket.listAfter(JOURNAL_PREFIX, listStartFor(cursor.after), signal)).filter((key) => key.endsWith('.json'));
  const keys = listed.filter((key) => !recent.has(key));
  if (keys.length === 0) {
    // Only entries read before (or written by this store): move the cursor past them all the same.
    if (listed.length > 0) await moveCursor(part, [...recent, ...listed]);
    return { pulledRuns: 0, bytesDown: 0 };
  }
  progress.expect(keys.length, 0);

  let bytesDown = 0;
  const entries = new Map<string, JournalEntry>();
  await forEachLimit(keys, 16, async (key) => {
    const bytes = await bucket.get(key, signal);
    if (bytes === null) return;
    bytesDown += bytes.length;
    entries.set(key, parseJournalEntry(bytes, bucket.url(key)));
    progress.object(bytes.length);
  });

  const runs = new Map<string, RunBundle>();
  for (const key of keys) for (const run of entries.get(key)?.runs ?? []) runs.set(`${run.run.flow}/${run.run.runId}`, run);
  const fresh: RunBundle[] = [];
  await forEachLimit([...runs.values()], 16, async (bundle) => {
    if (!(await store.storage.has(`${store.runPrefix(bundle.run.flow, bundle.run.runId)}/run.json`))) fresh.push(bundle);
  });

  // Long logs are blobs; the run's log files are written from them, so they come with the records.
  const logs = [...new Set(fresh.flatMap(logBlobs))];
  progress.expect(fresh.length + logs.length, 0);
  await forEachLimit(logs, 8, async (sha) => {
    if (await store.blobs.has(sha)) return progress.object();
    const target = store.blobs.pathOf(sha);
    await mkdir(dirname(target), { recursive: true });
    const bytes = await bucket.downloadVerified(blobKey(sha), sha, target, signal);
    bytesDown += bytes ?? 0;
    progress.object(bytes ?? 0);
  });

  let pulledRuns = 0;
  await forEachLimit(fresh, 16, async (bundle) => {
    if (await writePulledRun(store, bundle, bucket.remote.name)) pulledRuns += 1;
    progress.object();
  });
  await state.add('runs-pulled.txt', fresh.map((bundle) => `${bundle.run.flow}/${bundle.run.runId}`));
  // Staging folders of pulls that were killed before their rename (pulled-run.ts), once per flow.
  const flowFolders = new Set(fresh.map((bundle) => dirname(store.storage.pathOf(store.runPrefix(bundle.run.flow, bundle.run.runId)))));
  for (const folder of flowFolders) await removeLeftoverTemporaries(folder);

  const tags = [...entries.values()].flatMap((entry) => entry.tags);
  await forEachLimit(tags, 16, async (tag) => {
    const bytes = Buffer.from(`${JSON.stringify(tag.event, null, 1)}\n`);
    await store.storage.put(`runs/${tag.flow}/${tag.runId}/tags/${tag.eventId}.json`, bytes, { ifAbsent: true });
  });
  await state.add('tags-up.txt', tags.map((tag) => `${tag.flow}/${tag.runId}/${tag.eventId}`));

  await moveCursor(part, [...recent, ...keys]);
  return { pulledRuns, bytesDown };
}

/** The cursor: the newest key, and every key read close to it (a later list starts before it). */
async function moveCursor(part: SyncPart, read: string[]): Promise<void> {
  const all = [...new Set(read)].sort();
  const after = all[all.length - 1]!;
  const horizon = journalKeyTime(after) - CLOCK_SKEW_MS;
  await part.state.setCursor({ after, recent: all.filter((key) => journalKeyTime(key) >= horizon) });
}
