import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseExactJson, stringifyExactJson } from '../util/exact-json.js';
import type { RunStore } from '../store/run-store.js';
import { indexedRunFromRow, type IndexedRun } from './run-list.js';
import { readRunRow, type RunStamp } from './run-rows.js';
import { scanStore, type ScannedRun } from './store-scan.js';

/** What the index knew of a run when it last read it (see `needsReading`). */
export interface KnownRun extends RunStamp {
  readonly finished: boolean;
}

/**
 * Whether a run must be read (again) to be known: it is new, it had not ended (its engine may have
 * finished or died since), or its folder or its tags changed. The one rule for the index's
 * catch-up and for trusting the snapshot below.
 */
export function needsReading(known: KnownRun | undefined, scanned: RunStamp): boolean {
  return !known || !known.finished || known.dirMtime !== scanned.dirMtime || known.tagsMtime !== scanned.tagsMtime;
}

const SNAPSHOT_VERSION = 1;

/**
 * How many new or changed runs `flowbench runs` reads itself to bring the snapshot up to date
 * (a few milliseconds each) before it leaves the catch-up to the index (DuckDB's start alone
 * costs as much as reading dozens).
 */
export const SNAPSHOT_CATCH_UP_LIMIT = 50;

/**
 * A number `JSON.parse` would read differently from how it is written (an integer beyond ±2^53,
 * `2.0`, `1e-07`): a file holding one (or text that looks like one) is read with the exact parser.
 */
const MAY_CHANGE_WHEN_PARSED = /\d{16}|\d\.\d*0(?!\d)|\d[eE][+-]?\d/;

interface SnapshotFile {
  readonly version: number;
  /** Per `Flow/RunId`: [dirMtime, tagsMtime, finished], as the index knew it. */
  readonly state: { readonly [key: string]: readonly [string, string, boolean] };
  /** Every run, newest first, as `listRuns` gives them. */
  readonly runs: readonly IndexedRun[];
}

/**
 * The runs table of the index as a small JSON file beside it (`index/runs.json`), so `flowbench
 * runs` can answer without loading DuckDB (whose native library alone takes several times a
 * Node start). Written by the index after a catch-up, replaced atomically; trusted only while a
 * scan of the store finds exactly the runs it knew, all ended and unchanged — otherwise the
 * caller asks the index, which catches up and writes a new one. A cache: deleting it costs one
 * slower `flowbench runs`.
 */
export class RunsSnapshot {
  constructor(private readonly path: string) {}

  static inIndexDir(indexDir: string): RunsSnapshot {
    return new RunsSnapshot(join(indexDir, 'runs.json'));
  }

  write(known: ReadonlyMap<string, KnownRun>, runs: readonly IndexedRun[]): void {
    const state: Record<string, readonly [string, string, boolean]> = {};
    for (const [key, run] of known) state[key] = [run.dirMtime, run.tagsMtime, run.finished];
    const file: SnapshotFile = { version: SNAPSHOT_VERSION, state, runs };
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, stringifyExactJson(file));
      renameSync(temporary, this.path);
    } catch {
      rmSync(temporary, { force: true }); // a cache: the index still answers
    }
  }

  /** Every run, newest first, when the snapshot still describes the store; else null. */
  readFresh(storeRoot: string): IndexedRun[] | null {
    const file = this.read();
    if (file === null) return null;
    const { changed, removed } = compare(knownRuns(file), storeRoot);
    return changed.length === 0 && removed.length === 0 ? [...file.runs] : null;
  }

  /**
   * Every run, newest first, bringing the snapshot up to date first when at most `limit` runs are
   * new or changed (a run just made, a tag just added, a run still going): those are read from
   * their records (the index's own reading, `readRunRow`, for their `runs` rows only) and the
   * snapshot is written again. Null when there is no snapshot or more changed: the index then
   * catches up (and reads every task of those runs too, which the runs list does not need).
   */
  async catchUp(store: RunStore, limit = SNAPSHOT_CATCH_UP_LIMIT): Promise<IndexedRun[] | null> {
    const file = this.read();
    if (file === null) return null;
    const known = knownRuns(file);
    const { changed, removed } = compare(known, store.root);
    if (changed.length === 0 && removed.length === 0) return [...file.runs];
    if (changed.length > limit) return null;
    const runs = new Map(file.runs.map((run) => [`${run.flow}/${run.runId}`, run]));
    for (const key of [...removed, ...changed.map((run) => `${run.flow}/${run.runId}`)]) {
      known.delete(key);
      runs.delete(key);
    }
    for (const scanned of changed) {
      // A run that cannot be read at all stays out, and is tried again next time (as the index does).
      const own = await readRunRow(store, scanned.flow, scanned.runId, scanned).catch(() => null);
      if (own === null) continue;
      const key = `${scanned.flow}/${scanned.runId}`;
      runs.set(key, indexedRunFromRow(own.run));
      known.set(key, { dirMtime: scanned.dirMtime, tagsMtime: scanned.tagsMtime, finished: own.finished });
    }
    // Newest first, as the index's `ORDER BY run_id DESC` (run ids are ASCII: code units order as bytes).
    const newestFirst = [...runs.values()].sort((a, b) => (a.runId < b.runId ? 1 : a.runId > b.runId ? -1 : 0));
    this.write(known, newestFirst);
    return newestFirst;
  }

  private read(): SnapshotFile | null {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return null;
    }
    try {
      const file = (MAY_CHANGE_WHEN_PARSED.test(text) ? parseExactJson(text) : JSON.parse(text)) as SnapshotFile;
      if (file.version !== SNAPSHOT_VERSION || !Array.isArray(file.runs) || typeof file.state !== 'object' || file.state === null || !Object.values(file.state).every(Array.isArray)) return null;
      return file;
    } catch {
      return null; // half-written by hand, or damaged: ask the index
    }
  }
}

/** What the snapshot knew of each run, by `Flow/RunId`. */
function knownRuns(file: SnapshotFile): Map<string, KnownRun> {
  return new Map(Object.entries(file.state).map(([key, [dirMtime, tagsMtime, finished]]) => [key, { dirMtime, tagsMtime, finished }]));
}

/** The store's runs the snapshot does not describe (`needsReading`), and the runs it knew that are gone. */
function compare(known: ReadonlyMap<string, KnownRun>, storeRoot: string): { changed: ScannedRun[]; removed: string[] } {
  const scanned = scanStore(storeRoot, (key) => known.get(key));
  const present = new Set(scanned.map((run) => `${run.flow}/${run.runId}`));
  return {
    changed: scanned.filter((run) => needsReading(known.get(`${run.flow}/${run.runId}`), run)),
    removed: [...known.keys()].filter((key) => !present.has(key)),
  };
}
