import type { ColumnSummary, TablePage } from '../api/contract.js';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { sqlIdentifier } from '../tables/duckdb.js';
import { resolveArtifact } from './artifact-source.js';
import { jsonValue, readerRows } from './json-values.js';
import type { RunIndex } from './run-index.js';

export interface PageRequest {
  readonly offset: number;
  readonly limit: number;
  readonly orderBy?: { readonly column: string; readonly descending: boolean } | undefined;
}

/**
 * One page of a table artifact (a DataFrame's Parquet, or a JSON list of records), straight from
 * the file with LIMIT/OFFSET: a 2 GB table is never read whole into the engine's memory (DuckDB
 * reads the row groups it needs; a sort streams through it under the memory limit).
 */
export async function artifactPage(index: RunIndex, taskPathspec: string, name: string, request: PageRequest): Promise<TablePage> {
  const resolved = await resolveArtifact(index, taskPathspec, name, { namespace: 'all' });
  const source = resolved.sql;
  const connection = await index.connect();
  try {
    let order = '';
    if (request.orderBy) {
      const columns = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowObjects().map((row) => String(row.column_name));
      if (!columns.includes(request.orderBy.column)) {
        throw new FlowbenchError(ErrorCode.badArgument, `${taskPathspec} "${name}" has no column "${request.orderBy.column}". Its columns: ${columns.join(', ')}.`);
      }
      order = ` ORDER BY ${sqlIdentifier(request.orderBy.column)} ${request.orderBy.descending ? 'DESC' : 'ASC'} NULLS LAST`;
    }
    const totalRows = resolved.rows ?? Number((await connection.runAndReadAll(`SELECT count(*) FROM ${source}`)).getRows()[0]![0]);
    const reader = await connection.runAndReadAll(`SELECT * FROM ${source}${order} LIMIT ${request.limit} OFFSET ${request.offset}`);
    const { columns, rows } = readerRows(reader);
    return { columns, rows, offset: request.offset, totalRows };
  } finally {
    connection.closeSync();
  }
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/;
const BINS = 10;
const TOP_VALUES = 8;
/**
 * Tables up to this many rows get an exact distinct count (count(DISTINCT), a hash table per
 * column, under the memory limit); larger ones DuckDB's HyperLogLog estimate, marked as such.
 */
export const EXACT_DISTINCT_ROWS = 5_000_000;

/**
 * Per-column summary of a table artifact: type, nulls, distinct (exact up to
 * `EXACT_DISTINCT_ROWS` rows, else an estimate marked `distinctApproximate`), min/max, and a small
 * histogram (equal-width bins for numbers, the most frequent values otherwise). One pass for the
 * counts and one per column for its histogram, all in DuckDB.
 */
export async function artifactSummary(
  index: RunIndex,
  taskPathspec: string,
  name: string,
  options: { exactDistinctUpTo?: number } = {},
): Promise<ColumnSummary[]> {
  const resolved = await resolveArtifact(index, taskPathspec, name, { namespace: 'all' });
  const source = resolved.sql;
  const connection = await index.connect();
  try {
    const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowObjects();
    const columns = described.map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
    if (columns.length === 0) return [];
    const rows = resolved.rows ?? Number((await connection.runAndReadAll(`SELECT count(*) FROM ${source}`)).getRows()[0]![0]);
    const approximate = rows > (options.exactDistinctUpTo ?? EXACT_DISTINCT_ROWS);
    const parts = columns.flatMap((column, i) => {
      const id = sqlIdentifier(column.name);
      const comparable = !/(\[\]|STRUCT|MAP|UNION)/.test(column.type);
      return [
        `count(*) - count(${id}) AS n${i}`,
        comparable ? (approximate ? `approx_count_distinct(${id}) AS d${i}` : `count(DISTINCT ${id}) AS d${i}`) : `NULL AS d${i}`,
        comparable ? `min(${id}) AS lo${i}` : `NULL AS lo${i}`,
        comparable ? `max(${id}) AS hi${i}` : `NULL AS hi${i}`,
      ];
    });
    const stats = (await connection.runAndReadAll(`SELECT ${parts.join(', ')} FROM ${source}`)).getRowObjects()[0]!;
    const summaries: ColumnSummary[] = [];
    for (const [i, column] of columns.entries()) {
      const id = sqlIdentifier(column.name);
      const lo = stats[`lo${i}`] ?? null;
      const hi = stats[`hi${i}`] ?? null;
      let histogram: { label: string; count: number }[] = [];
      if (NUMERIC.test(column.type) && lo !== null && hi !== null) {
        const low = Number(jsonValue(lo));
        const high = Number(jsonValue(hi));
        const width = high > low ? (high - low) / BINS : 1;
        const bins = await connection.runAndReadAll(
          `SELECT least(${BINS - 1}, floor((${id}::DOUBLE - ${low}) / ${width}))::INTEGER AS bin, count(*) AS n FROM ${source} WHERE ${id} IS NOT NULL AND isfinite(${id}::DOUBLE) GROUP BY bin ORDER BY bin`,
        );
        const counts = new Map(bins.getRows().map((row) => [Number(row[0]), Number(row[1])]));
        const binCount = high > low ? BINS : 1;
        histogram = Array.from({ length: binCount }, (_, bin) => ({ label: formatNumber(low + bin * width), count: counts.get(bin) ?? 0 }));
      } else if (!/(\[\]|STRUCT|MAP|UNION|BLOB)/.test(column.type)) {
        const top = await connection.runAndReadAll(
          `SELECT ${id}::VARCHAR AS v, count(*) AS n FROM ${source} WHERE ${id} IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT ${TOP_VALUES}`,
        );
        histogram = top.getRows().map((row) => ({ label: String(row[0]), count: Number(row[1]) }));
      }
      summaries.push({
        name: column.name,
        type: column.type,
        nulls: Number(stats[`n${i}`] ?? 0),
        distinct: Number(stats[`d${i}`] ?? 0),
        distinctApproximate: approximate,
        min: jsonValue(lo as never),
        max: jsonValue(hi as never),
        histogram,
      });
    }
    return summaries;
  } finally {
    connection.closeSync();
  }
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4).replace(/\.?0+$/, '');
}
