import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import type { TagEventRecord } from '../store/records.js';
import { newRunId, ulidTime } from '../store/run-id.js';
import { validateBundle, type RunBundle } from './run-bundle.js';

/**
 * The bucket's change feed: `journal/<ULID>.json`, one object per push (or per 500 runs of a
 * long one), holding the bundles of the runs it made visible and the tag events it added. A
 * pull lists only the journal keys after the last one it read, and gets a whole push in one
 * request, so "nothing new" costs one listing and 1,000 new runs a handful of GETs.
 *
 * A journal entry is written after the bundles it names (their commit markers): it never
 * points at a run that is not complete in the bucket.
 */
export interface JournalEntry {
  readonly version: 1;
  readonly user: string;
  readonly at: string;
  readonly runs: readonly RunBundle[];
  readonly tags: readonly JournalTag[];
}

export interface JournalTag {
  readonly flow: string;
  readonly runId: string;
  readonly eventId: string;
  readonly event: TagEventRecord;
}

export const JOURNAL_PREFIX = 'journal/';
/** Runs per journal entry (an entry stays a few MB). */
export const RUNS_PER_ENTRY = 500;
/**
 * A pull lists from this long before the newest key it read: an entry written by a machine whose
 * clock is behind still sorts after the cursor's start and is not missed.
 */
export const CLOCK_SKEW_MS = 2 * 60 * 1000;

const EVENT_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const FLOW = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RUN_ID = /^[A-Za-z0-9_-]+$/;

export function newJournalKey(now = Date.now()): string {
  return `${JOURNAL_PREFIX}${newRunId(now)}.json`;
}

/** The time a journal key was made (the ULID's first 10 characters), or 0 for a foreign key. */
export function journalKeyTime(key: string): number {
  return ulidTime(key.slice(JOURNAL_PREFIX.length));
}

/** Where a listing for new entries starts: a key sorting before every entry made since `time`. */
export function listStartFor(after: string | null): string | undefined {
  if (after === null) return undefined;
  return `${JOURNAL_PREFIX}${newRunId(Math.max(0, journalKeyTime(after) - CLOCK_SKEW_MS)).slice(0, 10)}`;
}

/** Checks an entry read from the bucket; every bundle and tag in it is checked before use. */
export function parseJournalEntry(bytes: Uint8Array, where: string): JournalEntry {
  const fail = (why: string): never => {
    throw new FlowbenchError(ErrorCode.remote, `The journal entry ${where} is corrupt (${why}); it was not used.`);
  };
  let value: JournalEntry;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8')) as JournalEntry;
  } catch (error) {
    return fail((error as Error).message);
  }
  if (value?.version !== 1 || !Array.isArray(value.runs) || !Array.isArray(value.tags)) fail('not a journal entry');
  const runs = value.runs.map((run) => validateBundle(run, where));
  for (const tag of value.tags) {
    if (!FLOW.test(String(tag.flow)) || !RUN_ID.test(String(tag.runId)) || !EVENT_ID.test(String(tag.eventId))) fail('bad tag event name');
    const event = tag.event;
    if (event?.version !== 1 || (event.op !== 'add' && event.op !== 'remove') || typeof event.tag !== 'string' || typeof event.user !== 'string') fail('bad tag event');
  }
  return { ...value, runs };
}
