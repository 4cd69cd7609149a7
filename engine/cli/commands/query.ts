import type { Row } from '../../api/contract.js';
import { isFlowbenchError } from '../../errors/flowbench-error.js';
import { runUserQuery } from '../../index/user-query.js';
import type { CommandContext } from '../command-context.js';
import { formatTable } from '../output.js';
import { namespaceOf } from './namespace-of.js';
import { withIndex } from './open-index.js';

/** Rows a terminal table shows; --json and --csv print every row. */
const TABLE_ROWS = 1000;

/**
 * `flowbench query "SQL" [--json | --csv]`. `--json`: one array of row objects (integers beyond
 * 2^53 as strings, timestamps ISO 8601); `--csv`: a header and the rows. A refused or failed query
 * exits 1 with one line on stderr.
 */
export async function queryCommand(context: CommandContext, sql: string): Promise<number> {
  const { output, values } = context;
  const all = values.json === true || values.csv === true;
  let result;
  try {
    result = await withIndex(context, (index) =>
      runUserQuery(index, sql, { limit: all ? Number.MAX_SAFE_INTEGER - 1 : TABLE_ROWS, namespace: namespaceOf(context), signal: context.signal() }),
    );
  } catch (error) {
    if (!isFlowbenchError(error)) throw error;
    output.err(`flowbench: ${error.message.replace(/\s*\n\s*/g, ' ')}`);
    return 1;
  }
  if (values.json) {
    output.out(JSON.stringify(result.rows));
  } else if (values.csv) {
    output.out(toCsv(result.columns.map((column) => column.name), result.rows));
  } else {
    const names = result.columns.map((column) => column.name);
    output.out(formatTable([names, ...result.rows.map((row) => names.map((name) => cellText(row[name])))]));
    output.err(result.truncated ? `(first ${TABLE_ROWS} rows; --csv or --json print them all)` : `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`);
  }
  return 0;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** RFC 4180: fields with a comma, quote or line break are quoted; NULL is an empty field. */
export function toCsv(columns: readonly string[], rows: readonly Row[]): string {
  const field = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns.map(field).join(','), ...rows.map((row) => columns.map((column) => field(row[column])).join(','))].join('\n');
}
