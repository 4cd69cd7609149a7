/** Tick marks for a time axis of `spanMs`: round steps (1, 2, 5 × 10^n ms), about `target` of them. */
export function timeTicks(spanMs: number, target = 6): number[] {
  if (!(spanMs > 0)) return [0];
  const raw = spanMs / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = 0; t <= spanMs + 1e-9; t += step) ticks.push(Math.round(t * 1000) / 1000);
  return ticks;
}

/** A tick's label: `0`, `250 ms`, `1.5 s`, `2 min`. */
export function tickLabel(ms: number): string {
  if (ms === 0) return '0';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(2))} s`;
  return `${Number((ms / 60_000).toFixed(2))} min`;
}
