/**
 * Runs `work` once the page has nothing else to do (after the frames in progress are drawn), or
 * after `timeoutMs` at the latest; returns a cancel. Where the browser has no idle callbacks
 * (test DOMs), a timer stands in.
 */
export function whenIdle(work: () => void, timeoutMs = 1000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(work, { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(work, 0);
  return () => clearTimeout(id);
}
