import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RunStore } from '../store/run-store.js';
import { sqlString } from '../tables/duckdb.js';
import { appendRows, duckdbApi } from './duckdb-rows.js';
import { IndexFile } from './index-file.js';
import { createTableSql, emptyRows, TABLES, type IndexRows, type IndexTable } from './index-tables.js';
import { readRunRows } from './run-rows.js';
import { indexDirOf } from './index-location.js';
import { listRuns } from './run-list.js';
import { needsReading, RunsSnapshot, type KnownRun } from './runs-snapshot.js';
import { scanStore, type ScannedRun } from './store-scan.js';
import { SyncReadStorage } from './sync-read-storage.js';

export interface RunIndexOptions {
  /** DuckDB's memory limit for everything the index runs, user queries included (default 1GB). */
  readonly memoryLimit?: string;
  /** In a long-lived process, `fresh()` scans the store at most this often (default 1000 ms). */
  readonly refreshEveryMs?: number;
  /**
   * How a catch-up reads the records: `sync` (default) with synchronous file calls in batches
   * (sync-read-storage.ts), `async` through fs/promises, 32 runs at a time (the bench's baseline).
   */
  readonly recordReads?: 'sync' | 'async';
}

/** Runs whose records are read at the same time during an `async` catch-up. */
const READ_CONCURRENCY = 32;
/** Runs read synchronously between two turns of the event loop (a few ms: requests keep flowing). */
const SYNC_BATCH = 50;

/** `work` over `items` one after another, yielding to the event loop after every `batch`. */
async function mapInBatches<T, R>(items: readonly T[], batch: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const [i, item] of items.entries()) {
    if (i > 0 && i % batch === 0) await new Promise((resolve) => setImmediate(resolve));
    results.push(await work(item));
  }
  return results;
}

/** `work` over `items`, at most `limit` at a time; results in the items' order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next;
      next += 1;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** What the last catch-up did, for tests and the bench. */
export interface CatchUpReport {
  readonly scanned: number;
  readonly changed: number;
  readonly removed: number;
  /** False when another process held the index file past the wait (the memory index is current anyway). */
  readonly persisted: boolean;
}

/**
 * The DuckDB index over the store (issue 7): a cache, rebuilt from the records whenever it is
 * missing or stale, caught up incrementally. Each process works on an in-memory DuckDB loaded
 * from `$FLOWBENCH_HOME/index/index.duckdb` and writes what it learned back to that file, holding
 * it only while it does (see index-file.ts).
 *
 * The same in-memory database serves user queries, so it is confined from the start: no file
 * outside the store's blobs and the index folder, no extensions, a memory limit, and the
 * configuration locked (user-query.ts adds the statement checks and the time limit).
 *
 * @example
 *   const index = await RunIndex.open(store);
 *   await index.fresh();
 *   const rows = await index.read('SELECT run_id FROM runs WHERE status = ?', ['succeeded']);
 */
export class RunIndex {
  private known = new Map<string, KnownRun>();
  private catching: Promise<CatchUpReport> | null = null;
  private again = false;
  private lastCatchUp = 0;
  private closed = false;

  private constructor(
    readonly store: RunStore,
    private readonly instance: DuckDBInstance,
    private readonly file: IndexFile,
    private readonly refreshEveryMs: number,
    private readonly recordReads: 'sync' | 'async',
  ) {
    this.snapshot = RunsSnapshot.inIndexDir(RunIndex.indexDir(store));
    // The same RunStore logic over synchronous file reads (see sync-read-storage.ts).
    this.reader = recordReads === 'sync' ? new RunStore(new SyncReadStorage(store.root)) : store;
  }

  /** The runs table as JSON, for `flowbench runs` without DuckDB (runs-snapshot.ts). */
  private readonly snapshot: RunsSnapshot;
  private snapshotWritten = false;

  /** What a catch-up reads the records through. */
  private readonly reader: RunStore;

  /** The folder user queries may read: the store's blobs. */
  static blobsDir(store: RunStore): string {
    return join(store.root, 'blobs');
  }

  static indexDir(store: RunStore): string {
    return indexDirOf(store.root);
  }

  /** Where blobs whose digest was checked are remembered (store/checked-blob.ts). */
  get verifiedDir(): string {
    return join(RunIndex.indexDir(this.store), 'verified');
  }

  static async open(store: RunStore, options: RunIndexOptions = {}): Promise<RunIndex> {
    const { DuckDBInstance } = await duckdbApi();
    const dir = RunIndex.indexDir(store);
    mkdirSync(dir, { recursive: true });
    mkdirSync(RunIndex.blobsDir(store), { recursive: true });
    const instance = await DuckDBInstance.create(':memory:');
    const setup = await instance.connect();
    try {
      // Confinement first: nothing below runs with more access than a user query has.
      for (const statement of [
        `SET allowed_directories = [${sqlString(`${RunIndex.blobsDir(store)}/`)}, ${sqlString(`${dir}/`)}]`,
        'SET enable_external_access = false',
        'SET autoinstall_known_extensions = false',
        'SET autoload_known_extensions = false',
        `SET memory_limit = ${sqlString(options.memoryLimit ?? '1GB')}`,
        'SET lock_configuration = true',
      ]) {
        await setup.run(statement);
      }
      for (const table of TABLES) await setup.run(createTableSql(table));
      const index = new RunIndex(store, instance, new IndexFile(join(dir, 'index.duckdb')), options.refreshEveryMs ?? 1000, options.recordReads ?? 'sync');
      if (await index.file.loadInto(setup)) await index.rememberState(setup);
      return index;
    } finally {
      setup.closeSync();
    }
  }

  /** A new connection to the in-memory index (each user query gets its own, so it can be interrupted alone). */
  connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  /** Rows of an internal query as objects (values as DuckDB's JS values: BIGINT as bigint). */
  async read(sql: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const connection = await this.connect();
    try {
      const reader = await connection.runAndReadAll(sql, params as never);
      return reader.getRowObjects() as Record<string, unknown>[];
    } finally {
      connection.closeSync();
    }
  }

  /** Catches up unless it did so within `refreshEveryMs` (for a long-lived process: the app). */
  async fresh(): Promise<void> {
    if (Date.now() - this.lastCatchUp < this.refreshEveryMs) return;
    await this.catchUp();
  }

  /**
   * Brings the index up to the store: runs new since last time, runs whose folder or tags changed,
   * runs without an end (their engine may have finished or died meanwhile), runs removed. Calls
   * while one is in flight wait for one more after it (theirs may have started before the change).
   */
  catchUp(): Promise<CatchUpReport> {
    if (this.catching) {
      this.again = true;
      return this.catching.then(() => this.catchUp());
    }
    this.catching = this.doCatchUp(false).finally(() => {
      this.catching = null;
    });
    return this.catching;
  }

  /** Forgets everything and reads the whole store again (also rewrites the file). */
  async rebuild(): Promise<CatchUpReport> {
    while (this.catching) await this.catching.catch(() => undefined);
    this.catching = this.doCatchUp(true).finally(() => {
      this.catching = null;
    });
    return this.catching;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.instance.closeSync();
  }

  private async doCatchUp(whole: boolean): Promise<CatchUpReport> {
    this.again = false;
    const started = Date.now();
    const scanned = scanStore(this.store.root, (key) => (whole ? undefined : this.known.get(key)));
    const present = new Set<string>();
    const changed: ScannedRun[] = [];
    for (const run of scanned) {
      const key = `${run.flow}/${run.runId}`;
      present.add(key);
      if (needsReading(whole ? undefined : this.known.get(key), run)) changed.push(run);
    }
    const removed = whole ? [] : [...this.known.keys()].filter((key) => !present.has(key));
    const rows = emptyRows();
    const keys = [...removed];
    // A run whose records cannot be read (corrupt, or half-copied by hand) is left out, not fatal:
    // it has no state row, so the next catch-up tries it again.
    const readRun = (run: ScannedRun): Promise<IndexRows | null> => readRunRows(this.reader, run.flow, run.runId, run).catch(() => null);
    const read = this.recordReads === 'sync' ? await mapInBatches(changed, SYNC_BATCH, readRun) : await mapConcurrently(changed, READ_CONCURRENCY, readRun);
    changed.forEach((run, i) => {
      keys.push(`${run.flow}/${run.runId}`);
      const runRows = read[i];
      if (runRows) for (const table of Object.keys(rows) as IndexTable[]) for (const row of runRows[table]) rows[table].push(row);
    });
    let persisted = true;
    let fileNeeds = false;
    if (whole || keys.length > 0) {
      // Runs in progress are read again by every catch-up anyway: while only they changed (the
      // app refreshing during a run), the file need not be rewritten each time.
      const stillRunning = new Set(rows.run_state.filter((row) => row[4] === false).map((row) => `${String(row[0])}/${String(row[1])}`));
      fileNeeds = whole || removed.length > 0 || keys.some((key) => this.known.get(key)?.finished !== false || !stillRunning.has(key));
      const connection = await this.connect();
      try {
        await this.replace(connection, keys, rows, whole);
        if (fileNeeds) persisted = await this.file.write(connection, whole);
      } finally {
        connection.closeSync();
      }
    }
    if (whole) this.known.clear();
    for (const key of removed) this.known.delete(key);
    for (const [flow, runId, dirMtime, tagsMtime, finished] of rows.run_state) {
      this.known.set(`${String(flow)}/${String(runId)}`, { dirMtime: String(dirMtime), tagsMtime: String(tagsMtime), finished: Boolean(finished) });
    }
    // Written by the first catch-up of each process (the file may be stale or damaged), then on change.
    if (fileNeeds || !this.snapshotWritten) {
      this.snapshot.write(this.known, await listRuns(this, { namespace: 'all' }));
      this.snapshotWritten = true;
    }
    this.lastCatchUp = started;
    return { scanned: scanned.length, changed: changed.length, removed: removed.length, persisted };
  }

  /** Swaps the rows of the given runs for new ones, in one transaction (readers see before or after). */
  private async replace(connection: DuckDBConnection, keys: readonly string[], rows: IndexRows, whole: boolean): Promise<void> {
    await connection.run('CREATE OR REPLACE TEMP TABLE changed_runs (key VARCHAR)');
    const { VARCHAR } = await duckdbApi();
    const appender = await connection.createAppender('changed_runs', 'main', 'temp');
    for (const key of keys) {
      appender.appendValue(key, VARCHAR);
      appender.endRow();
    }
    appender.closeSync();
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const table of TABLES) {
        await connection.run(whole ? `DELETE FROM ${table.name}` : `DELETE FROM ${table.name} WHERE flow || '/' || run_id IN (SELECT key FROM changed_runs)`);
        await appendRows(connection, table.name, rows[table.name]);
      }
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private async rememberState(connection: DuckDBConnection): Promise<void> {
    const reader = await connection.runAndReadAll('SELECT flow, run_id, dir_mtime, tags_mtime, finished FROM run_state');
    for (const [flow, runId, dirMtime, tagsMtime, finished] of reader.getRows()) {
      this.known.set(`${String(flow)}/${String(runId)}`, { dirMtime: String(dirMtime), tagsMtime: String(tagsMtime), finished: Boolean(finished) });
    }
  }
}
