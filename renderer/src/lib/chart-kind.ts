/**
 * Which chart suits a query result, from its columns' DuckDB types: a category and a number make
 * a bar chart, a time and a number a line, two numbers a scatter (a line when x only grows), one
 * number alone a histogram. The person can override the choice; this is only the first guess.
 */
import type { Column, Row } from '../api/inspect-types.js';

export const ChartKind = { bar: 'bar', line: 'line', scatter: 'scatter', histogram: 'histogram' } as const;
export type ChartKind = (typeof ChartKind)[keyof typeof ChartKind];
export const CHART_KINDS: readonly ChartKind[] = Object.values(ChartKind);

export type ColumnRole = 'number' | 'time' | 'text';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL.*|NUMERIC.*|INT\d+|FLOAT\d+)$/i;
const TEMPORAL = /^(DATE|TIME|TIMESTAMP.*|DATETIME)$/i;

export function columnRole(column: Pick<Column, 'type'>): ColumnRole {
  if (NUMERIC.test(column.type.trim())) return 'number';
  if (TEMPORAL.test(column.type.trim())) return 'time';
  return 'text';
}

/** A cell as a number for plotting: numbers, big integers sent as strings, ISO times (ms). */
export function plotValue(value: unknown, role: ColumnRole): number {
  if (value === null || value === undefined) return NaN;
  if (role === 'time') return typeof value === 'number' ? value : Date.parse(String(value));
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
}

export interface ChartChoice {
  readonly kind: ChartKind;
  readonly x: string;
  /** The measured column; for a histogram the same as `x`. */
  readonly y: string;
}

/** The first guess for a result, or null when nothing in it is a number. */
export function chooseChart(columns: readonly Column[], rows: readonly Row[]): ChartChoice | null {
  const numbers = columns.filter((c) => columnRole(c) === 'number');
  const times = columns.filter((c) => columnRole(c) === 'time');
  const texts = columns.filter((c) => columnRole(c) === 'text');
  if (numbers.length === 0) return null;
  const measure = numbers[numbers.length - 1]!;
  if (times[0] !== undefined) return { kind: 'line', x: times[0].name, y: measure.name };
  if (texts[0] !== undefined) return { kind: 'bar', x: texts[0].name, y: measure.name };
  if (numbers.length === 1) return { kind: 'histogram', x: measure.name, y: measure.name };
  const x = numbers[0]!.name;
  const y = numbers[1]!.name;
  const xs = rows.map((r) => plotValue(r[x], 'number'));
  const increasing = xs.length > 1 && xs.every((v, i) => i === 0 || v > xs[i - 1]!);
  return { kind: increasing ? 'line' : 'scatter', x, y };
}
