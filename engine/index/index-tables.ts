/**
 * The tables of the index. Their names and first columns are the views of the contract (issue 7:
 * `runs`, `params`, `tasks`, `artifacts`, `metrics`, column names exactly); the columns after
 * them are the index's own (what the runs list, the artifact resolver and compare need without
 * reading the store again). `run_state` remembers what the store looked like when a run was
 * indexed, so catching up reads only what changed.
 */

/** How a JS value is appended to a column. */
export const ColumnKind = {
  text: 'text',
  double: 'double',
  bigint: 'bigint',
  integer: 'integer',
  boolean: 'boolean',
  timestamp: 'timestamp',
  textList: 'textList',
} as const;
export type ColumnKind = (typeof ColumnKind)[keyof typeof ColumnKind];

const SQL_TYPE: { readonly [K in ColumnKind]: string } = {
  text: 'VARCHAR',
  double: 'DOUBLE',
  bigint: 'BIGINT',
  integer: 'INTEGER',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  textList: 'VARCHAR[]',
};

export interface TableDefinition {
  readonly name: IndexTable;
  readonly columns: readonly { readonly name: string; readonly kind: ColumnKind }[];
  /** Shown to people (the SQL console's completion, docs); the rest are the index's own tables. */
  readonly isView: boolean;
}

export const IndexTable = {
  runs: 'runs',
  params: 'params',
  tasks: 'tasks',
  artifacts: 'artifacts',
  metrics: 'metrics',
  runState: 'run_state',
} as const;
export type IndexTable = (typeof IndexTable)[keyof typeof IndexTable];

const c = (name: string, kind: ColumnKind): { name: string; kind: ColumnKind } => ({ name, kind });

/** Bump when a table's columns change: an index file of another version is rebuilt. */
export const INDEX_VERSION = 3; // 2: parameters' numbers exact (2**60 + 1); 3: runs.damaged

export const TABLES: readonly TableDefinition[] = [
  {
    name: 'runs',
    isView: true,
    columns: [
      c('flow', 'text'), c('run_id', 'text'), c('user', 'text'), c('status', 'text'), c('started_at', 'timestamp'),
      c('ended_at', 'timestamp'), c('duration_s', 'double'), c('tags', 'textList'), c('origin_run_id', 'text'),
      c('pulled', 'boolean'), c('pathspec', 'text'), c('origin_step', 'text'), c('message', 'text'), c('status_note', 'text'),
      c('parameters', 'text'), c('flow_file', 'text'), c('backend', 'text'), c('damaged', 'text'),
    ],
  },
  {
    name: 'params',
    isView: true,
    columns: [c('flow', 'text'), c('run_id', 'text'), c('name', 'text'), c('value', 'text'), c('value_double', 'double')],
  },
  {
    name: 'tasks',
    isView: true,
    columns: [
      c('flow', 'text'), c('run_id', 'text'), c('step', 'text'), c('task_id', 'text'), c('status', 'text'), c('attempts', 'integer'),
      c('started_at', 'timestamp'), c('ended_at', 'timestamp'), c('duration_s', 'double'), c('foreach_index', 'integer'),
      c('pathspec', 'text'), c('message', 'text'),
    ],
  },
  {
    name: 'artifacts',
    isView: true,
    columns: [
      c('flow', 'text'), c('run_id', 'text'), c('step', 'text'), c('task_id', 'text'), c('name', 'text'), c('type', 'text'),
      c('encoding', 'text'), c('size_bytes', 'bigint'), c('sha256', 'text'), c('preview', 'text'), c('table_sha256', 'text'),
      c('table_rows', 'bigint'), c('table_columns', 'textList'), c('image_sha256', 'text'), c('image_mime', 'text'),
      c('foreach_index', 'integer'),
    ],
  },
  {
    name: 'metrics',
    isView: true,
    columns: [c('flow', 'text'), c('run_id', 'text'), c('step', 'text'), c('task_id', 'text'), c('name', 'text'), c('value', 'double')],
  },
  {
    name: 'run_state',
    isView: false,
    columns: [c('flow', 'text'), c('run_id', 'text'), c('dir_mtime', 'text'), c('tags_mtime', 'text'), c('finished', 'boolean')],
  },
];

export function tableDefinition(name: IndexTable): TableDefinition {
  return TABLES.find((table) => table.name === name)!;
}

/** `CREATE TABLE` for one table, in `schema` (a catalog name such as `disk`, or none). */
export function createTableSql(table: TableDefinition, catalog?: string): string {
  const columns = table.columns.map((column) => `"${column.name}" ${SQL_TYPE[column.kind]}`).join(', ');
  return `CREATE TABLE ${catalog ? `${catalog}.` : ''}${table.name} (${columns})`;
}

/** A row of a table: values in column order (null for SQL NULL). */
export type TableRow = readonly unknown[];

/**
 * A timestamp cell's instant in milliseconds (the index stores milliseconds), or null when the
 * text is not a time: the one rule for writing a timestamp (duckdb-rows.ts) and for what reading
 * it back gives (`storedRow`).
 */
export function timestampMillis(value: unknown): number | null {
  const ms = Date.parse(String(value));
  return Number.isNaN(ms) ? null : ms;
}

/**
 * A row as the index gives it back (json-values.ts's `jsonValue` of each cell), by column name,
 * without DuckDB: texts as strings, numbers as numbers (non-finite ones as text, integers beyond
 * 2^53 as text), timestamps as ISO 8601 in milliseconds, lists as arrays. `flowbench runs` uses
 * it to add a few new runs to the runs snapshot (runs-snapshot.ts); a test holds it to DuckDB.
 */
export function storedRow(table: IndexTable, row: TableRow): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  tableDefinition(table).columns.forEach((column, i) => (values[column.name] = storedValue(column.kind, row[i])));
  return values;
}

function storedValue(kind: ColumnKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'text':
      return String(value);
    case 'double':
    case 'integer': {
      const number = Number(value);
      return Number.isFinite(number) ? number : String(number);
    }
    case 'bigint': {
      const integer = BigInt(Math.trunc(Number(value)));
      return integer >= BigInt(Number.MIN_SAFE_INTEGER) && integer <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(integer) : integer.toString();
    }
    case 'boolean':
      return Boolean(value);
    case 'timestamp': {
      const ms = timestampMillis(value);
      return ms === null ? null : new Date(ms).toISOString();
    }
    case 'textList':
      return (value as readonly unknown[]).map(String);
    default: {
      const never: never = kind;
      throw new Error(`unknown column kind ${String(never)}`);
    }
  }
}

/** Every table's rows for some runs. */
export type IndexRows = { [T in IndexTable]: TableRow[] };

export function emptyRows(): IndexRows {
  return { runs: [], params: [], tasks: [], artifacts: [], metrics: [], run_state: [] };
}
