/**
 * Which flow the app opens when it starts: `?open=/path/flow.py` (links, the bench), else the
 * last flow opened here (kept in localStorage), else none (the empty canvas).
 */
const LAST_FLOW_KEY = 'flowbench.last-flow';

export function firstFlow(search: string): string | null {
  const wanted = new URLSearchParams(search).get('open');
  if (wanted !== null) return wanted;
  try {
    return localStorage.getItem(LAST_FLOW_KEY);
  } catch {
    return null;
  }
}

export function rememberFlow(path: string): void {
  try {
    localStorage.setItem(LAST_FLOW_KEY, path);
  } catch {
    // no storage: the next start shows the empty canvas
  }
}
