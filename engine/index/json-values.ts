import type { DuckDBResultReader, DuckDBValue } from '@duckdb/node-api';
import type { Column, Row } from '../api/contract.js';

/**
 * A DuckDB value as JSON can carry it (the contract's `Row`): integers as numbers while exact
 * (beyond 2^53 as strings), timestamps as ISO 8601, dates as `YYYY-MM-DD`, decimals as numbers,
 * lists as arrays, structs and maps as objects, blobs as base64, the rest as DuckDB prints them.
 * Non-finite doubles (NaN, ±Infinity) become strings, since JSON has no spelling for them.
 */
export function jsonValue(value: DuckDBValue): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
    default:
      break;
  }
  const name = (value as object).constructor?.name;
  switch (name) {
    case 'DuckDBTimestampValue':
    case 'DuckDBTimestampTZValue':
    case 'DuckDBTimestampMillisecondsValue':
    case 'DuckDBTimestampSecondsValue':
    case 'DuckDBTimestampNanosecondsValue':
      return timestampIso(value as unknown as { micros?: bigint; millis?: bigint; seconds?: bigint; nanos?: bigint }) ?? String(value);
    case 'DuckDBDecimalValue': {
      const number = Number(String(value));
      return Number.isFinite(number) ? number : String(value);
    }
    case 'DuckDBListValue':
    case 'DuckDBArrayValue':
      return (value as unknown as { items: DuckDBValue[] }).items.map(jsonValue);
    case 'DuckDBStructValue':
      return Object.fromEntries(Object.entries((value as unknown as { entries: Record<string, DuckDBValue> }).entries).map(([k, v]) => [k, jsonValue(v)]));
    case 'DuckDBMapValue':
      return Object.fromEntries(
        (value as unknown as { entries: { key: DuckDBValue; value: DuckDBValue }[] }).entries.map((entry) => [String(jsonValue(entry.key)), jsonValue(entry.value)]),
      );
    case 'DuckDBBlobValue':
      return Buffer.from((value as unknown as { bytes: Uint8Array }).bytes).toString('base64');
    default:
      return String(value);
  }
}

function timestampIso(value: { micros?: bigint; millis?: bigint; seconds?: bigint; nanos?: bigint }): string | null {
  let micros: bigint | undefined = value.micros;
  if (micros === undefined && value.millis !== undefined) micros = value.millis * 1000n;
  if (micros === undefined && value.seconds !== undefined) micros = value.seconds * 1_000_000n;
  if (micros === undefined && value.nanos !== undefined) micros = value.nanos / 1000n;
  if (micros === undefined) return null;
  const date = new Date(Number(micros / 1000n));
  if (Number.isNaN(date.getTime())) return null; // ±infinity
  const iso = date.toISOString();
  const extra = Number(((micros % 1000n) + 1000n) % 1000n);
  return extra === 0 ? iso : iso.replace('Z', `${String(extra).padStart(3, '0')}Z`);
}

/** Columns and JSON-safe rows of a result. Duplicate column names get a suffix (`x`, `x_1`). */
export function readerRows(reader: DuckDBResultReader, limit = Number.POSITIVE_INFINITY): { columns: Column[]; rows: Row[] } {
  const seen = new Map<string, number>();
  const columns: Column[] = [];
  for (let i = 0; i < reader.columnCount; i += 1) {
    const base = reader.columnName(i);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    columns.push({ name: count === 0 ? base : `${base}_${count}`, type: reader.columnType(i).toString() });
  }
  const rows: Row[] = [];
  for (const values of reader.getRows()) {
    if (rows.length >= limit) break;
    const row: { [column: string]: unknown } = {};
    columns.forEach((column, i) => (row[column.name] = jsonValue(values[i] ?? null)));
    rows.push(row);
  }
  return { columns, rows };
}
