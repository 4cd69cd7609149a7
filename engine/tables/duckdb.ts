import type { DuckDBConnection } from '@duckdb/node-api';

let connection: Promise<DuckDBConnection> | null = null;

/**
 * One in-memory DuckDB per engine process, opened on first use (loading the library costs
 * ~100 ms, which a run without tables should not pay).
 */
export function duckdb(): Promise<DuckDBConnection> {
  connection ??= (async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    return instance.connect();
  })();
  return connection;
}

/** A string literal for SQL: DuckDB table functions take file paths as literals. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function sqlIdentifier(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}
