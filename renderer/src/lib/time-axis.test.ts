import { expect, test } from 'vitest';
import { tickLabel, timeTicks } from './time-axis.js';

test('round ticks across the span, labelled in a readable unit', () => {
  expect(timeTicks(3000)).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000]);
  expect(timeTicks(90_000).map(tickLabel)).toEqual(['0', '20 s', '40 s', '1 min', '1.33 min']);
  expect(tickLabel(250)).toBe('250 ms');
});
