import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFlow } from '../../graph/index.js';
import { analyzeGraph } from '../../graph/structure.js';
import { lintFlow } from '../../lint/index.js';
import { cli, runFlow, tempHome } from '../../testing/cli-harness.js';
import { applyEdit } from '../apply-edit.js';
import type { FlowEdit } from '../edits.js';
import { before } from '../golden.test-helpers.js';
import { newFlowSource } from '../templates.js';

function applied(source: string, ...edits: FlowEdit[]): string {
  let current = source;
  for (const edit of edits) {
    const result = applyEdit(current, edit);
    if (!result.ok) throw new Error(`${edit.type} refused: ${result.reason}`);
    current = result.source;
  }
  return current;
}

function refused(source: string, edit: FlowEdit): string {
  const result = applyEdit(source, edit);
  if (result.ok) throw new Error(`expected ${edit.type} to be refused`);
  return result.reason;
}

const kinds = (source: string): Record<string, string> => Object.fromEntries([...analyzeGraph(parseFlow(source)).steps.values()].map((s) => [s.name, s.kind]));

describe('the palette kinds create what they say', () => {
  const empty = newFlowSource('empty', 'DemoFlow');

  it('a branch dropped onto start: two targets and their join, wired back to end, lint-clean', () => {
    const source = applied(empty, { type: 'makeSplit', step: 'start', kind: 'branch' });
    expect(kinds(source)).toEqual({ start: 'branch', a: 'linear', b: 'linear', join: 'join', end: 'end' });
    expect(lintFlow(parseFlow(source))).toEqual([]);
    expect(source).not.toMatch(/TODO/);
  });

  it('a foreach dropped onto an edge: split over the named list, body, join, lint-clean', () => {
    const source = applied(empty, { type: 'addStep', name: 'fan', kind: 'foreach', foreach: 'grid', between: { from: 'start', to: 'end' } });
    expect(kinds(source)).toEqual({ start: 'start', fan: 'foreach', body: 'linear', join: 'join', end: 'end' });
    expect(source).toContain('self.grid = []\n        self.next(self.body, foreach="grid")');
    expect(lintFlow(parseFlow(source))).toEqual([]);
  });

  it('a switch: a condition and two cases that meet again', () => {
    const source = applied(empty, { type: 'makeSplit', step: 'start', kind: 'switch' });
    expect(kinds(source)).toMatchObject({ start: 'switch', a: 'linear', b: 'linear' });
    expect(source).toContain('self.choice = "a"');
    const renamed = applied(source, { type: 'renameCase', step: 'start', from: 'a', to: 'small' }, { type: 'setSwitchCondition', step: 'start', condition: 'size' });
    expect(renamed).toContain('self.next({"small": self.a, "b": self.b}, condition="size")');
    expect(renamed).toContain('self.size = "small"');
  });

  it('names never collide with existing steps', () => {
    const source = applied(empty, { type: 'makeSplit', step: 'start', kind: 'branch' }, { type: 'makeSplit', step: 'a', kind: 'branch' });
    expect(Object.keys(kinds(source))).toEqual(['start', 'a', 'a_2', 'b_2', 'join_2', 'b', 'join', 'end']);
  });

  it('refuses what cannot be, with a sentence', () => {
    const branch = before('branch-join');
    expect(refused(branch, { type: 'makeSplit', step: 'start', kind: 'foreach' })).toMatch(/"start" already splits \(branch\)/);
    expect(refused(branch, { type: 'makeSplit', step: 'end', kind: 'branch' })).toMatch(/"end" is the last step/);
    expect(refused(empty, { type: 'makeSplit', step: 'start', kind: 'foreach', foreach: 'input' })).toMatch(/FlowSpec already uses self.input/);
    expect(refused(empty, { type: 'addStep', name: 'x', kind: 'step', between: { from: 'end', to: 'start' } })).toMatch(/does not go to "start"/);
    expect(refused(empty, { type: 'setForeach', step: 'start', foreach: 'grid' })).toMatch(/not a foreach/);
  });
});

/**
 * The two example flows, built with the same edits the canvas sends (drop a kind, type
 * each body), then run by the real runtime: results checked from the CLI.
 */
describe('the two example flows, built by edits, run', () => {
  it('branch: start x=0 → a (x+=2) / b (x+=3) → join max → end gives 3', async () => {
    const source = applied(
      newFlowSource('empty', 'BranchFlow'),
      { type: 'makeSplit', step: 'start', kind: 'branch' },
      { type: 'setStepBody', step: 'start', body: 'self.x = 0\nself.next(self.a, self.b)' },
      { type: 'setStepBody', step: 'a', body: 'self.x += 2\nself.next(self.join)' },
      { type: 'setStepBody', step: 'b', body: 'self.x += 3\nself.next(self.join)' },
      { type: 'setStepBody', step: 'join', body: 'self.x = max(i.x for i in inputs)\nself.next(self.end)' },
    );
    const home = await tempHome();
    const file = join(home, 'branch_flow.py');
    await writeFile(file, source);
    const { result, stderr } = await runFlow(file, home);
    expect(result.status, stderr).toBe('succeeded');
    const x = await cli(['artifact', `${result.pathspec}/end`, 'x'], home);
    expect(x.stdout.trim()).toBe('3');
  }, 60_000);

  it("foreach over ['x','y','z'] scored with ord, join max gives 122", async () => {
    const source = applied(
      newFlowSource('empty', 'ForeachFlow'),
      { type: 'makeSplit', step: 'start', kind: 'foreach', foreach: 'letters' },
      { type: 'setStepBody', step: 'start', body: `self.letters = ['x', 'y', 'z']\nself.next(self.body, foreach="letters")` },
      { type: 'setStepBody', step: 'body', body: 'self.score = ord(self.input)\nself.next(self.join)' },
      { type: 'setStepBody', step: 'join', body: 'self.best = max(i.score for i in inputs)\nself.next(self.end)' },
    );
    const home = await tempHome();
    const file = join(home, 'foreach_flow.py');
    await writeFile(file, source);
    const { result, stderr } = await runFlow(file, home);
    expect(result.status, stderr).toBe('succeeded');
    const best = await cli(['artifact', `${result.pathspec}/end`, 'best'], home);
    expect(best.stdout.trim()).toBe('122');
  }, 60_000);
});
