/**
 * Undo across everything the canvas changes: the source and where the cards sit. A card moved
 * is one undo step; undoing a rename puts the card back under its old name where it was; and
 * undo never gets stuck on a version of the file that does not parse (issue 10's reproduction).
 */
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, test } from 'vitest';
import type { FlowDocument } from './contract.js';
import { testApi, valueOf, type TestApi } from './test-support/test-api.js';

let open: TestApi[] = [];
afterEach(async () => {
  await Promise.all(open.map((t) => t.close()));
  open = [];
});

async function opened(): Promise<{ t: TestApi; path: string; doc: FlowDocument }> {
  const t = await testApi();
  open.push(t);
  const path = await t.flow('linear_flow.py');
  return { t, path, doc: valueOf(await t.api.dispatch('flows.open', { path })) as FlowDocument };
}

describe('undo covers moves and renames', () => {
  test('moving a card is one undo step, and redo moves it back', async () => {
    const { t, path } = await opened();
    const first = { start: { x: 0, y: 0 }, end: { x: 0, y: 200 } };
    valueOf(await t.api.dispatch('flows.setPositions', { path, positions: first }));
    const moved = valueOf(await t.api.dispatch('flows.setPositions', { path, positions: { ...first, start: { x: 300, y: 40 } } })) as FlowDocument;
    expect(moved.canUndo).toBe(true);
    const undone = valueOf(await t.api.dispatch('flows.undo', { path })) as FlowDocument;
    expect(undone.positions).toEqual(first);
    const redone = valueOf(await t.api.dispatch('flows.redo', { path })) as FlowDocument;
    expect(redone.positions.start).toEqual({ x: 300, y: 40 });
  });

  test('undo and redo of a rename keep the card where the person put it', async () => {
    const { t, path, doc } = await opened();
    const middle = doc.graph.steps.find((s) => s.name !== 'start' && s.name !== 'end')?.name;
    if (middle === undefined) throw new Error('linear_flow.py has no middle step');
    valueOf(await t.api.dispatch('flows.setPositions', { path, positions: { start: { x: 0, y: 0 }, [middle]: { x: 512, y: 128 }, end: { x: 0, y: 400 } } }));
    const renamed = valueOf(await t.api.dispatch('flows.edit', { path, edit: { type: 'renameStep', from: middle, to: 'renamed' } })) as FlowDocument;
    expect(renamed.positions['renamed']).toEqual({ x: 512, y: 128 });
    const undone = valueOf(await t.api.dispatch('flows.undo', { path })) as FlowDocument;
    expect(undone.positions[middle]).toEqual({ x: 512, y: 128 });
    const redone = valueOf(await t.api.dispatch('flows.redo', { path })) as FlowDocument;
    expect(redone.positions['renamed']).toEqual({ x: 512, y: 128 });
  });
});

test('undo never gets stuck: back to a broken version, then on to the original', async () => {
  const { t, path, doc } = await opened();
  const line = doc.source.split('\n').find((l) => l.includes('self.next('));
  if (line === undefined) throw new Error('no self.next line');
  const broken = doc.source.replace(line, `${line} +`);
  valueOf(await t.api.dispatch('flows.setSource', { path, source: broken }));
  valueOf(await t.api.dispatch('flows.setSource', { path, source: doc.source }));
  const back = valueOf(await t.api.dispatch('flows.undo', { path })) as FlowDocument;
  expect(back.source).toBe(broken);
  expect(back.graph.problems.length).toBeGreaterThan(0);
  expect(back.canUndo && back.canRedo).toBe(true);
  const original = valueOf(await t.api.dispatch('flows.undo', { path })) as FlowDocument;
  expect(original.source).toBe(doc.source);
  expect(await readFile(path, 'utf8')).toBe(doc.source);
  expect((valueOf(await t.api.dispatch('flows.redo', { path })) as FlowDocument).source).toBe(broken);
});
