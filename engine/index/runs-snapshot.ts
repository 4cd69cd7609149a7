import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseExactJson, stringifyExactJson } from '../util/exact-json.js';
import type { IndexedRun } from './run-list.js';
import type { RunStamp } from './run-rows.js';
import { scanStore } from './store-scan.js';

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
    const known = (key: string): KnownRun | undefined => {
      const entry = Object.prototype.hasOwnProperty.call(file.state, key) ? file.state[key] : undefined;
      return entry ? { dirMtime: entry[0], tagsMtime: entry[1], finished: entry[2] } : undefined;
    };
    const scanned = scanStore(storeRoot, known);
    if (scanned.length !== Object.keys(file.state).length) return null;
    if (scanned.some((run) => needsReading(known(`${run.flow}/${run.runId}`), run))) return null;
    return [...file.runs];
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
      if (file.version !== SNAPSHOT_VERSION || !Array.isArray(file.runs) || typeof file.state !== 'object' || file.state === null) return null;
      return file;
    } catch {
      return null; // half-written by hand, or damaged: ask the index
    }
  }
}
