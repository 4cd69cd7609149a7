import { describe, expect, test } from 'vitest';
import { binValues, extent, formatTick, linearScale, niceDomain, niceTicks, padded, seriesColour, timeTickFormat } from './chart-scale.js';

describe('chart scales', () => {
  test('extent ignores non-finite values and widens a single value', () => {
    expect(extent([3, NaN, -2, Infinity, 7])).toEqual([-2, 7]);
    expect(extent([])).toEqual([0, 1]);
    expect(extent([5, 5])).toEqual([4.5, 5.5]);
    expect(extent([0])).toEqual([-1, 1]);
  });

  test('nice ticks are round steps inside the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(3, 97, 4)).toEqual([20, 40, 60, 80]);
    expect(niceTicks(0.013, 0.019, 3)).toEqual([0.014, 0.016, 0.018]);
    expect(niceDomain([3, 97], 4)).toEqual([0, 100]);
  });

  test('a linear scale maps the domain onto the range, inverted axes included', () => {
    const y = linearScale([0, 10], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(5)).toBe(100);
    expect(y(10)).toBe(0);
    expect(y.ticks(2)).toEqual([0, 5, 10]);
  });

  test('tick labels are short', () => {
    expect(formatTick(0.30000000000000004)).toBe('0.3');
    expect(formatTick(15_000)).toBe('15k');
    expect(formatTick(2_500_000)).toBe('2.5M');
    expect(formatTick(0.00012)).toBe('1.2e-4');
  });

  test('bins cover the range and count every finite value once', () => {
    const bins = binValues([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN], 5);
    expect(bins.map((b) => b.count)).toEqual([2, 2, 2, 2, 3]);
    expect(bins[0]!.x0).toBe(0);
    expect(bins[4]!.x1).toBe(10);
    expect(binValues([])).toEqual([]);
  });

  test('series colours wrap', () => {
    expect(seriesColour(0)).toBe(seriesColour(8));
    expect(seriesColour(-1)).toBe(seriesColour(7));
  });
});

describe('time ticks', () => {
  const t0 = Date.UTC(2024, 4, 2, 14, 3, 27);
  test('as precise as the span needs', () => {
    expect(timeTickFormat([t0, t0 + 30_000])(t0)).toBe('14:03:27');
    expect(timeTickFormat([t0, t0 + 3_600_000])(t0)).toBe('14:03');
    expect(timeTickFormat([t0, t0 + 3 * 86_400_000])(t0)).toBe('05-02 14:03');
    expect(timeTickFormat([t0, t0 + 90 * 86_400_000])(t0)).toBe('2024-05-02');
    expect(padded([0, 10])).toEqual([-0.5, 10.5]);
  });
});
