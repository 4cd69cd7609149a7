import { stat } from 'node:fs/promises';
import { duckdb, sqlIdentifier, sqlString } from './duckdb.js';

/**
 * Turns a table a step wrote as JSON lines (its Python had no Parquet writer, e.g. Debian's
 * pandas without pyarrow) into Parquet, so every table in the store is queried the same way.
 * An empty table keeps its columns (as text: JSON lines carry no types for zero rows).
 */
export async function jsonlToParquet(
  jsonlPath: string,
  parquetPath: string,
  columns: readonly { readonly name: string }[],
): Promise<void> {
  const connection = await duckdb();
  const empty = (await stat(jsonlPath)).size === 0;
  const select = empty
    ? `SELECT ${columns.length ? columns.map((c) => `CAST(NULL AS VARCHAR) AS ${sqlIdentifier(c.name)}`).join(', ') : '1 AS "empty"'} WHERE false`
    : `SELECT ${columns.length ? columns.map((c) => sqlIdentifier(c.name)).join(', ') : '*'} FROM read_json_auto(${sqlString(jsonlPath)}, format='newline_delimited')`;
  await connection.run(`COPY (${select}) TO ${sqlString(parquetPath)} (FORMAT parquet)`);
}
