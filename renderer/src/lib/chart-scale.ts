/**
 * Scales and ticks for the app's SVG charts (results, metrics, column histograms). Pure
 * arithmetic on what is already on screen; no data is computed here that the engine owns.
 */

/** Smallest and largest finite value; a degenerate range is widened so a scale can divide by it. */
export function extent(values: readonly number[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return [0, 1];
  if (min === max) return min === 0 ? [-1, 1] : [min - Math.abs(min) * 0.1, max + Math.abs(max) * 0.1];
  return [min, max];
}

/** A step of 1, 2 or 5 × 10^k giving about `count` intervals over [min, max] (d3's thresholds). */
function niceStep(min: number, max: number, count: number): number {
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction >= Math.sqrt(50) ? 10 : fraction >= Math.sqrt(10) ? 5 : fraction >= Math.SQRT2 ? 2 : 1;
  return nice * power;
}

/** Round values covering [min, max] (e.g. 0, 0.2, …, 1), at most a few more than `count`. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min) return [min];
  const step = niceStep(min, max, count);
  const first = Math.ceil(min / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let t = first; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

export interface LinearScale {
  (value: number): number;
  readonly domain: readonly [number, number];
  ticks(count?: number): number[];
}

/** Maps [d0, d1] onto [r0, r1] linearly. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const scale = ((value: number) => r0 + (value - d0) * k) as LinearScale;
  Object.defineProperty(scale, 'domain', { value: domain });
  scale.ticks = (count = 5) => niceTicks(d0, d1, count);
  return scale;
}

/** A domain widened to the nice ticks around it, so the axis starts and ends on a label. */
export function niceDomain([min, max]: readonly [number, number], count = 5): [number, number] {
  const ticks = niceTicks(min, max, count);
  if (ticks.length < 2) return [min, max];
  const step = ticks[1]! - ticks[0]!;
  const lo = ticks[0]! > min ? ticks[0]! - step : ticks[0]!;
  const hi = ticks[ticks.length - 1]! < max ? ticks[ticks.length - 1]! + step : ticks[ticks.length - 1]!;
  return [Number(lo.toPrecision(12)), Number(hi.toPrecision(12))];
}

/** `0.25`, `1.5k`, `12M`: short labels for axis ticks. */
export function formatTick(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${Number((value / 1e9).toPrecision(3))}G`;
  if (abs >= 1e6) return `${Number((value / 1e6).toPrecision(3))}M`;
  if (abs >= 1e4) return `${Number((value / 1e3).toPrecision(3))}k`;
  if (abs !== 0 && abs < 1e-3) return value.toExponential(1);
  return String(Number(value.toPrecision(4)));
}

export interface Bin {
  readonly x0: number;
  readonly x1: number;
  readonly count: number;
}

/** Equal-width bins over the values' range, for a histogram of a result column already on screen. */
export function binValues(values: readonly number[], binCount = 20): Bin[] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [];
  const [min, max] = extent(finite);
  const width = (max - min) / binCount;
  const counts = new Array<number>(binCount).fill(0);
  for (const v of finite) counts[Math.min(binCount - 1, Math.max(0, Math.floor((v - min) / width)))]! += 1;
  return counts.map((count, i) => ({ x0: min + i * width, x1: min + (i + 1) * width, count }));
}

/** A categorical palette that reads on both themes (index wraps). */
export const SERIES_COLOURS = ['#4f5bd5', '#e07a1f', '#22a05a', '#d6457a', '#0f9aa8', '#8b5cf6', '#b59a10', '#64748b'] as const;
export function seriesColour(index: number): string {
  return SERIES_COLOURS[((index % SERIES_COLOURS.length) + SERIES_COLOURS.length) % SERIES_COLOURS.length]!;
}

/** Tick labels for a time axis (ms since the epoch), as precise as the span needs. */
export function timeTickFormat([from, to]: readonly [number, number]): (t: number) => string {
  const span = to - from;
  const iso = (t: number): string => new Date(t).toISOString();
  if (span < 120_000) return (t) => iso(t).slice(11, 19); // 14:03:27
  if (span < 86_400_000) return (t) => iso(t).slice(11, 16); // 14:03
  if (span < 30 * 86_400_000) return (t) => iso(t).slice(5, 16).replace('T', ' '); // 05-02 14:03
  return (t) => iso(t).slice(0, 10); // 2024-05-02
}

/** A domain with a margin on both sides, so points at the extremes are not drawn on the frame. */
export function padded([min, max]: readonly [number, number], fraction = 0.05): [number, number] {
  const pad = (max - min) * fraction;
  return [min - pad, max + pad];
}
