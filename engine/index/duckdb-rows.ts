import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { tableDefinition, timestampMillis, type ColumnKind, type IndexTable, type TableRow } from './index-tables.js';

type ValueModule = typeof import('@duckdb/node-api');
let api: ValueModule | null = null;

/** Loads the DuckDB bindings once (the CLI imports them only when a command needs them). */
export async function duckdbApi(): Promise<ValueModule> {
  api ??= await import('@duckdb/node-api');
  return api;
}

/** Appends rows to a table of the connection's database through DuckDB's appender (fast, no SQL text). */
export async function appendRows(connection: DuckDBConnection, table: IndexTable, rows: readonly TableRow[]): Promise<void> {
  if (rows.length === 0) return;
  const { columns } = tableDefinition(table);
  const duck = await duckdbApi();
  const appender = await connection.createAppender(table);
  try {
    for (const row of rows) {
      columns.forEach((column, i) => appendCell(duck, appender, column.kind, row[i]));
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function appendCell(duck: ValueModule, appender: DuckDBAppender, kind: ColumnKind, value: unknown): void {
  if (value === null || value === undefined) {
    appender.appendNull();
    return;
  }
  switch (kind) {
    case 'text':
      appender.appendVarchar(String(value));
      return;
    case 'double':
      appender.appendDouble(Number(value));
      return;
    case 'bigint':
      appender.appendBigInt(BigInt(Math.trunc(Number(value))));
      return;
    case 'integer':
      appender.appendInteger(Number(value));
      return;
    case 'boolean':
      appender.appendBoolean(Boolean(value));
      return;
    case 'timestamp': {
      const ms = timestampMillis(value);
      if (ms === null) appender.appendNull();
      else appender.appendTimestamp(duck.timestampValue(BigInt(ms) * 1000n));
      return;
    }
    case 'textList':
      appender.appendList((value as readonly string[]).map(String), duck.LIST(duck.VARCHAR));
      return;
    default: {
      const never: never = kind;
      throw new Error(`unknown column kind ${String(never)}`);
    }
  }
}
