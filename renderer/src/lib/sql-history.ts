/** The SQL console's past queries, newest first, kept in localStorage (per browser profile). */
const KEY = 'flowbench.sql-history';
export const HISTORY_LIMIT = 50;

export function loadHistory(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((q): q is string => typeof q === 'string') : [];
  } catch {
    return [];
  }
}

/** `sql` moved to the front (a query run again is not listed twice), capped at HISTORY_LIMIT. */
export function remember(history: readonly string[], sql: string): string[] {
  const q = sql.trim();
  if (q === '') return [...history];
  return [q, ...history.filter((h) => h !== q)].slice(0, HISTORY_LIMIT);
}

export function saveHistory(history: readonly string[], storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(KEY, JSON.stringify(history));
  } catch {
    // storage full or unavailable: the history then lasts the session
  }
}
