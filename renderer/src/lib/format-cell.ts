/** How a value reads in a grid cell or a compared cell: short, one line, nothing hidden. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(10)));
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** Thousands separated, for row counts. */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US') : '';
}

/** The last characters of a ULID, enough to tell runs apart on screen. */
export function shortRunId(runId: string): string {
  return runId.length > 10 ? runId.slice(-8) : runId;
}
