import type { MetricPoint, Namespaces, QuerySchema } from '../api/contract.js';
import { parseExactJson, toPlainJson } from '../util/exact-json.js';
import { jsonValue } from './json-values.js';
import type { RunIndex } from './run-index.js';
import { TABLES } from './index-tables.js';

/** One metric across the runs of a flow in a namespace, oldest run first (a chart's x axis). */
export async function metricSeries(index: RunIndex, args: { flow: string; name: string; step?: string | undefined; namespace: string }): Promise<MetricPoint[]> {
  const rows = await index.read(
    `SELECT m.run_id, m.step, m.value, r.started_at, r."user", r.parameters
       FROM metrics m JOIN runs r ON r.flow = m.flow AND r.run_id = m.run_id
      WHERE m.flow = ? AND m.name = ? AND (? IS NULL OR m.step = ?) AND (? = 'all' OR list_contains(r.tags, ?))
      ORDER BY m.run_id, m.step, TRY_CAST(m.task_id AS BIGINT)`,
    [args.flow, args.name, args.step ?? null, args.step ?? null, args.namespace, args.namespace],
  );
  return rows.map((row) => ({
    pathspec: `${args.flow}/${String(row.run_id)}`,
    runId: String(row.run_id),
    startedAt: String(jsonValue(row.started_at as never)),
    user: String(row.user),
    step: String(row.step),
    value: Number(row.value),
    parameters: toPlainJson(parseExactJson(String(row.parameters ?? '{}'))) as { [name: string]: unknown },
  }));
}

/** Who has runs and which tags exist, for the namespace switcher. */
export async function namespaces(index: RunIndex, user: string): Promise<Namespaces> {
  const users = await index.read('SELECT DISTINCT "user" AS u FROM runs ORDER BY u');
  const tags = await index.read(`SELECT DISTINCT t FROM (SELECT unnest(tags) AS t FROM runs) WHERE NOT starts_with(t, 'user:') ORDER BY t`);
  return { current: `user:${user}`, users: users.map((row) => String(row.u)), tags: tags.map((row) => String(row.t)) };
}

/** Names for the SQL editor's completion: the views with their columns, and recent table artifacts. */
export async function querySchema(index: RunIndex, namespace: string, limit = 200): Promise<QuerySchema> {
  const rows = await index.read(
    `SELECT a.flow, a.run_id, a.step, a.name, any_value(a.table_columns) AS columns
       FROM artifacts a JOIN runs r ON r.flow = a.flow AND r.run_id = a.run_id
      WHERE a.table_sha256 IS NOT NULL AND (? = 'all' OR list_contains(r.tags, ?))
      GROUP BY a.flow, a.run_id, a.step, a.name
      ORDER BY a.run_id DESC, a.step, a.name LIMIT ${Math.floor(limit)}`,
    [namespace, namespace],
  );
  return {
    views: TABLES.filter((table) => table.isView).map((table) => ({ name: table.name, columns: table.columns.map((column) => column.name) })),
    artifacts: rows.map((row) => ({
      pathspec: `${String(row.flow)}/${String(row.run_id)}/${String(row.step)}`,
      name: String(row.name),
      columns: (jsonValue(row.columns as never) as string[] | null) ?? [],
    })),
  };
}
