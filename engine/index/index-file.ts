import type { DuckDBConnection } from '@duckdb/node-api';
import { rmSync } from 'node:fs';
import { sqlString } from '../tables/duckdb.js';
import { createTableSql, INDEX_VERSION, TABLES } from './index-tables.js';

/** The catalog name the index file is attached under while it is read or written. */
const DISK = 'index_file';
/** How long to wait for another process that holds the file (it holds it only while writing). */
const LOCK_WAIT_MS = 1500;

/**
 * The index file `$FLOWBENCH_HOME/index/index.duckdb`, attached to the in-memory index only
 * while it is read or written. DuckDB allows one process per file at a time, and the CLI often
 * runs while the app is open: so no process keeps it open, and a process that finds it taken
 * waits briefly, then goes on without it (the file is a cache; the next catch-up writes it).
 */
export class IndexFile {
  constructor(readonly path: string) {}

  /**
   * Copies the file's tables into the connection's database. False when there is no usable file
   * (missing, of another version, corrupt, or held by another process past the wait).
   */
  async loadInto(connection: DuckDBConnection): Promise<boolean> {
    return this.inTransaction(connection, true, async (current) => {
      if (!current) return false;
      for (const table of TABLES) await connection.run(`INSERT INTO ${table.name} SELECT * FROM ${DISK}.${table.name}`);
      return true;
    });
  }

  /**
   * Writes the rows of the runs listed in the temporary table `changed_runs(key)` (`Flow/RunId`)
   * from the connection's tables to the file: their old rows go, their current rows come. With
   * `whole`, the file is written from scratch. False when the file could not be had.
   */
  async write(connection: DuckDBConnection, whole: boolean): Promise<boolean> {
    if (whole) this.remove();
    return this.inTransaction(connection, false, async (current) => {
      if (!current) {
        for (const table of TABLES) await connection.run(`DROP TABLE IF EXISTS ${DISK}.${table.name}`);
        await connection.run(`DROP TABLE IF EXISTS ${DISK}.index_meta`);
        await connection.run(`CREATE TABLE ${DISK}.index_meta (version INTEGER)`);
        await connection.run(`INSERT INTO ${DISK}.index_meta VALUES (${INDEX_VERSION})`);
        for (const table of TABLES) {
          await connection.run(createTableSql(table, DISK));
          await connection.run(`INSERT INTO ${DISK}.${table.name} SELECT * FROM ${table.name}`);
        }
      } else {
        const changed = `flow || '/' || run_id IN (SELECT key FROM changed_runs)`;
        for (const table of TABLES) {
          await connection.run(`DELETE FROM ${DISK}.${table.name} WHERE ${changed}`);
          await connection.run(`INSERT INTO ${DISK}.${table.name} SELECT * FROM ${table.name} WHERE ${changed}`);
        }
      }
      return true;
    });
  }

  /**
   * Attaches the file, runs `work` in one transaction (told whether the file holds this index
   * version), commits, and detaches. False when the file could not be had, or `work` failed or
   * said false: then nothing it did stays.
   */
  private async inTransaction(connection: DuckDBConnection, readOnly: boolean, work: (current: boolean) => Promise<boolean>): Promise<boolean> {
    if (!(await this.attach(connection, readOnly))) return false;
    try {
      const version = await connection.runAndReadAll(`SELECT max(version) FROM ${DISK}.index_meta`).catch(() => null);
      const current = Number(version?.getRows()[0]?.[0] ?? -1) === INDEX_VERSION;
      await connection.run('BEGIN TRANSACTION');
      if (!(await work(current))) {
        await connection.run('ROLLBACK');
        return false;
      }
      await connection.run('COMMIT');
      return true;
    } catch {
      await connection.run('ROLLBACK').catch(() => undefined);
      return false;
    } finally {
      await connection.run(`DETACH ${DISK}`).catch(() => undefined);
    }
  }

  /** Deletes the file (and its write-ahead log): the next load rebuilds from the store. */
  remove(): void {
    rmSync(this.path, { force: true });
    rmSync(`${this.path}.wal`, { force: true });
  }

  private async attach(connection: DuckDBConnection, readOnly: boolean): Promise<boolean> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        await connection.run(`ATTACH ${sqlString(this.path)} AS ${DISK}${readOnly ? ' (READ_ONLY)' : ''}`);
        return true;
      } catch (error) {
        const message = (error as Error).message;
        const locked = /lock/i.test(message);
        if (!locked) {
          // Read-only attach of a file that is not there yet, or a corrupt file: rebuild it.
          if (!readOnly) this.remove();
          if (readOnly || !(await this.retryOnceAfterRemove(connection))) return false;
          return true;
        }
        if (Date.now() > deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 25 + Math.random() * 50));
      }
    }
  }

  private async retryOnceAfterRemove(connection: DuckDBConnection): Promise<boolean> {
    try {
      await connection.run(`ATTACH ${sqlString(this.path)} AS ${DISK}`);
      return true;
    } catch {
      return false;
    }
  }
}
