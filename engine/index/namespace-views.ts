import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../tables/duckdb.js';
import { TABLES } from './index-tables.js';

/**
 * Narrows the views of one connection to a namespace (issue 8: SQL sees one namespace at a time,
 * as the runs list does). Each view gets a temporary view of the same name over the index's table
 * (`memory.main.<view>`), keeping only the runs that carry the namespace's tag; temporary views
 * come first in DuckDB's name lookup and live only as long as the connection (each user query has
 * its own). `all` leaves the views whole.
 *
 * A namespace is a lens, not a permission: every run in the store is the person's to read, and
 * `artifact('Flow/RunId/...')` with an explicit run id reads a run of any namespace.
 */
export async function narrowToNamespace(connection: DuckDBConnection, namespace: string): Promise<void> {
  if (namespace === 'all') return;
  const tag = sqlString(namespace);
  const inNamespace = `SELECT flow, run_id FROM memory.main.runs WHERE list_contains(tags, ${tag})`;
  for (const table of TABLES) {
    if (!table.isView) continue;
    const where = table.name === 'runs' ? `list_contains(tags, ${tag})` : `(flow, run_id) IN (${inNamespace})`;
    await connection.run(`CREATE OR REPLACE TEMP VIEW ${table.name} AS SELECT * FROM memory.main.${table.name} WHERE ${where}`);
  }
}
