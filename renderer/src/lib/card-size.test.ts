import { getViewportForBounds } from '@xyflow/react';
import { describe, expect, test } from 'vitest';
import { trainDocument } from '../test/fake-flow.js';
import { buildNodes } from './canvas-model.js';
import { CARD_MIN_HEIGHT, CARD_WIDTH, declaredFitViewport, forgetDeclaredHandles, withDeclaredSize } from './card-size.js';

const graph = trainDocument().graph;
const positions = { start: { x: 0, y: 0 }, train: { x: 300, y: 120 }, end: { x: 0, y: 240 } };
const nodes = buildNodes({ graph, positions, findings: [], states: null, readOnly: false });
const [start, train, end] = nodes.map(withDeclaredSize) as [(typeof nodes)[0], (typeof nodes)[0], (typeof nodes)[0]];

describe('withDeclaredSize', () => {
  test('an unmeasured card is declared 220 × 64 with its handles centred on its top and bottom edges', () => {
    expect([train.initialWidth, train.initialHeight]).toEqual([CARD_WIDTH, CARD_MIN_HEIGHT]);
    expect(train.handles).toEqual([
      { type: 'target', position: 'top', x: 107, y: -3, width: 6, height: 6 },
      { type: 'source', position: 'bottom', x: 107, y: 61, width: 6, height: 6 },
    ]);
    // start has nothing coming in, end nothing going out (StepNode draws no such handle).
    expect(start.handles?.map((h) => h.type)).toEqual(['source']);
    expect(end.handles?.map((h) => h.type)).toEqual(['target']);
  });

  test('a card whose height depends on run rows or wrapping chips is left to be measured', () => {
    const [, running] = buildNodes({ graph, positions, findings: [], states: { train: { status: 'running', done: 0, total: 1, durationMs: null } }, readOnly: true });
    expect(withDeclaredSize(running!)).toBe(running);
    const chipped = { ...nodes[1]!, data: { ...nodes[1]!.data, chips: ['retry 3', 'catch', 'memory 16384'] } };
    expect(withDeclaredSize(chipped)).toBe(chipped);
  });

  test('a measured card keeps what React Flow measured', () => {
    const measured = { ...nodes[1]!, measured: { width: 220, height: 90 } };
    expect(withDeclaredSize(measured)).toBe(measured);
  });
});

describe('forgetDeclaredHandles', () => {
  test('drops the declared handles of measured cards only, so React Flow keeps the handles it measured', () => {
    const list = [{ ...start, measured: { width: 220, height: 80 } }, train];
    const next = forgetDeclaredHandles(list);
    expect(next[0]?.handles).toBeUndefined();
    expect(next[0]?.measured).toEqual({ width: 220, height: 80 });
    expect(next[1]).toBe(train);
  });

  test('no measured card with declared handles: the very array it was given', () => {
    const list = [start, train, end];
    expect(forgetDeclaredHandles(list)).toBe(list);
  });
});

describe('declaredFitViewport', () => {
  const fit = (b: { x: number; y: number; width: number; height: number }, w: number, h: number) => getViewportForBounds(b, w, h, 0.1, 1.2, 0.1);

  test('fits the box the declared cards cover, as fitView will once they are measured', () => {
    const view = declaredFitViewport([start, train, end], { width: 1000, height: 600 }, fit);
    // start's top-left to train's right edge and end's bottom edge.
    expect(view).toEqual(getViewportForBounds({ x: 0, y: 0, width: 300 + CARD_WIDTH, height: 240 + CARD_MIN_HEIGHT }, 1000, 600, 0.1, 1.2, 0.1));
  });

  test('null while a card has no size yet, or the canvas has none', () => {
    expect(declaredFitViewport([start, nodes[1]!], { width: 1000, height: 600 }, fit)).toBeNull();
    expect(declaredFitViewport([start], { width: 0, height: 0 }, fit)).toBeNull();
  });
});
