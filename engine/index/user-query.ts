import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import type { Column, Row } from '../api/contract.js';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { artifactSource, type ResolveOptions } from './artifact-source.js';
import { duckdbApi } from './duckdb-rows.js';
import { readerRows } from './json-values.js';
import { narrowToNamespace } from './namespace-views.js';
import type { RunIndex } from './run-index.js';
import { findArtifactCalls, firstKeyword } from './sql-scan.js';

/** Default time limit of a query a person typed. */
export const QUERY_TIME_LIMIT_MS = 30_000;

/** Why a statement is refused, by its first keyword: one sentence each. */
const REFUSALS: { readonly [keyword: string]: string } = {
  COPY: 'COPY writes files, and queries are read-only: select the rows instead and export the result (--csv, or Export in the app).',
  EXPORT: 'EXPORT DATABASE writes files, and queries are read-only.',
  IMPORT: 'IMPORT DATABASE reads files outside the store, and queries see only the index and artifacts.',
  ATTACH: 'ATTACH opens another database, and queries see only the store\'s index and its artifacts.',
  DETACH: 'DETACH changes which databases are open, and queries may not.',
  USE: 'USE changes which database is open, and queries may not.',
  INSTALL: 'INSTALL adds a DuckDB extension, and queries may not load code.',
  LOAD: 'LOAD loads a DuckDB extension, and queries may not load code.',
  FORCE: 'INSTALL adds a DuckDB extension, and queries may not load code.',
  SET: 'SET changes DuckDB\'s settings, and queries may not (their limits are fixed).',
  RESET: 'RESET changes DuckDB\'s settings, and queries may not (their limits are fixed).',
  PRAGMA: 'PRAGMA reads or changes DuckDB\'s settings, and queries may not.',
  CALL: 'CALL runs a procedure, and queries may only SELECT.',
  CHECKPOINT: 'CHECKPOINT writes the database, and queries are read-only.',
  VACUUM: 'VACUUM writes the database, and queries are read-only.',
};
const WRITES = new Set(['CREATE', 'INSERT', 'UPDATE', 'DELETE', 'DROP', 'ALTER', 'TRUNCATE', 'MERGE', 'UPSERT', 'REPLACE']);

export interface UserQueryOptions extends ResolveOptions {
  /** Rows returned at most (more are not read); `truncated` says when there were more. */
  readonly limit: number;
  readonly timeLimitMs?: number;
  readonly queryId?: string;
  /** Aborting it cancels the query (Ctrl-C in the CLI). */
  readonly signal?: AbortSignal;
}

export interface UserQueryResult {
  readonly columns: Column[];
  readonly rows: Row[];
  readonly truncated: boolean;
  readonly elapsedMs: number;
}

/**
 * Runs SQL a person typed, read-only and confined (docs/inspect.md): exactly one statement, and a
 * SELECT; the views narrowed to `options.namespace` (namespace-views.ts); `artifact(...)` calls resolved to the store's blob files; every file outside the
 * store's blobs refused by DuckDB itself (the index's connection is confined and its settings
 * locked, see run-index.ts); a time limit; cancellable by `queryId` through `cancelQuery`.
 * A refusal or a failure is a FlowbenchError with code `query` (one sentence), `timeout` or `cancelled`.
 */
export async function runUserQuery(index: RunIndex, sql: string, options: UserQueryOptions): Promise<UserQueryResult> {
  const started = performance.now();
  const { connection, prepared } = await prepareUserQuery(index, sql, options);
  try {
    const reader = await underLimits(connection, options, () => prepared.runAndReadUntil(options.limit + 1));
    const { columns, rows } = readerRows(reader, options.limit);
    return { columns, rows, truncated: reader.currentRowCount > options.limit, elapsedMs: Math.round(performance.now() - started) };
  } finally {
    connection.closeSync();
  }
}

/**
 * A user query's whole result written by DuckDB as CSV (with a header) or Parquet to `target`
 * (a file in the index folder, the one place besides the blobs this connection may write).
 */
export async function exportUserQuery(index: RunIndex, sql: string, format: 'csv' | 'parquet', target: string, options: ResolveOptions & { timeLimitMs?: number }): Promise<void> {
  const { rewritten, connection } = await prepareUserQuery(index, sql, { ...options, limit: 0 });
  try {
    const { sqlString } = await import('../tables/duckdb.js');
    // The text was checked to be exactly one SELECT; the newline ends a trailing `--` comment.
    const copy = `COPY (${rewritten}\n) TO ${sqlString(target)} (FORMAT ${format === 'csv' ? 'csv, HEADER' : 'parquet'})`;
    await underLimits(connection, options, () => connection.run(copy));
  } finally {
    connection.closeSync();
  }
}

const running = new Map<string, { connection: DuckDBConnection; cancelled: boolean }>();

/** Stops the query started with this id; false when none is running. */
export function cancelQuery(queryId: string): boolean {
  const entry = running.get(queryId);
  if (!entry) return false;
  entry.cancelled = true;
  entry.connection.interrupt();
  return true;
}

async function prepareUserQuery(
  index: RunIndex,
  sql: string,
  options: UserQueryOptions,
): Promise<{ rewritten: string; connection: DuckDBConnection; prepared: DuckDBPreparedStatement }> {
  refuseByKeyword(sql);
  let calls;
  try {
    calls = findArtifactCalls(sql);
  } catch (error) {
    throw new FlowbenchError(ErrorCode.query, (error as Error).message);
  }
  let rewritten = '';
  let at = 0;
  for (const call of calls) {
    rewritten += sql.slice(at, call.start) + (await artifactSource(index, call.pathspec, call.name, options));
    at = call.end;
  }
  rewritten += sql.slice(at);
  const connection = await index.connect();
  try {
    await narrowToNamespace(connection, options.namespace);
    const statements = await connection.extractStatements(rewritten).catch((error: Error) => {
      throw queryError(error);
    });
    if (statements.count === 0) throw new FlowbenchError(ErrorCode.query, 'The query is empty: write a SELECT.');
    if (statements.count > 1) throw new FlowbenchError(ErrorCode.query, `That is ${statements.count} statements; run one SELECT at a time.`);
    const prepared = await statements.prepare(0).catch((error: Error) => {
      throw queryError(error);
    });
    const { StatementType } = await duckdbApi();
    if (prepared.statementType !== StatementType.SELECT) {
      const kind = StatementType[prepared.statementType] ?? 'other';
      throw new FlowbenchError(ErrorCode.query, `Only SELECT queries can run here, and this is a ${kind} statement.`);
    }
    return { rewritten, connection, prepared };
  } catch (error) {
    connection.closeSync();
    throw error;
  }
}

function refuseByKeyword(sql: string): void {
  const keyword = firstKeyword(sql);
  const sentence = REFUSALS[keyword];
  if (sentence) throw new FlowbenchError(ErrorCode.query, sentence);
  if (WRITES.has(keyword)) throw new FlowbenchError(ErrorCode.query, `${keyword} changes data, and queries are read-only: only SELECT can run here.`);
  // Anything else goes to DuckDB: its parser names a typo, and the prepared statement's type is checked.
}

async function underLimits<T>(
  connection: DuckDBConnection,
  options: { timeLimitMs?: number; queryId?: string; signal?: AbortSignal },
  run: () => Promise<T>,
): Promise<T> {
  const limit = options.timeLimitMs ?? QUERY_TIME_LIMIT_MS;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    connection.interrupt();
  }, limit);
  const entry = { connection, cancelled: false };
  if (options.queryId !== undefined) running.set(options.queryId, entry);
  const abort = (): void => {
    entry.cancelled = true;
    connection.interrupt();
  };
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    return await run();
  } catch (error) {
    if (timedOut) {
      throw new FlowbenchError(ErrorCode.timeout, `The query ran longer than its time limit (${limit / 1000} s) and was stopped; narrow it with WHERE or LIMIT.`);
    }
    if (entry.cancelled) throw new FlowbenchError(ErrorCode.cancelled, 'The query was cancelled.');
    throw queryError(error as Error);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abort);
    if (options.queryId !== undefined && running.get(options.queryId) === entry) running.delete(options.queryId);
  }
}

/** DuckDB's message in one line, or a sentence of ours for a file outside the store. */
function queryError(error: Error): FlowbenchError {
  const message = error.message.split('\n')[0]!.replace(/^Failed to (extract|prepare) statements?: /, '').trim();
  const file = /Cannot access (?:file|directory) "([^"]*)"/.exec(message);
  if (file) {
    return new FlowbenchError(ErrorCode.query, `The query reads ${file[1]}, which is not one of the store's artifact files: queries read the index's views and artifact(...) only.`, { cause: error });
  }
  if (/extension/i.test(message) && /autoload|install|load/i.test(message)) {
    return new FlowbenchError(ErrorCode.query, `The query needs a DuckDB extension, and queries may not load one (${message}).`, { cause: error });
  }
  return new FlowbenchError(ErrorCode.query, message, { cause: error });
}
