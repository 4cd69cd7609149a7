import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFlow } from './parse-flow.js';
import { analyzeGraph, type GraphStructure } from './structure.js';

function analyze(name: string): GraphStructure {
  const source = readFileSync(fileURLToPath(new URL(`./fixtures/${name}.py`, import.meta.url)), 'utf8');
  return analyzeGraph(parseFlow(source));
}

describe('analyzeGraph', () => {
  it('matches a branch with its join', () => {
    const { steps, splits, cycles } = analyze('branch-join');
    expect(steps.get('start')).toMatchObject({ kind: 'branch', parents: [], children: ['train_a', 'train_b'], openSplits: [] });
    expect(steps.get('train_a')).toMatchObject({ kind: 'linear', parents: ['start'], openSplits: ['start'] });
    expect(steps.get('join')).toMatchObject({
      kind: 'join',
      parents: ['train_a', 'train_b'],
      closes: { split: 'start', foreach: false },
      openSplits: [],
    });
    expect(steps.get('end')).toMatchObject({ kind: 'end', parents: ['join'], reachable: true });
    expect(splits.get('start')).toEqual({
      split: 'start',
      foreach: false,
      paths: ['train_a', 'train_b'],
      joins: [{ step: 'join', paths: ['train_a', 'train_b'] }],
      tangledAt: [],
    });
    expect(cycles).toEqual([]);
  });

  it('closes nested foreaches innermost first', () => {
    const { steps } = analyze('nested-foreach');
    expect(steps.get('train')).toMatchObject({ openSplits: ['start', 'per_model'] });
    expect(steps.get('join_seeds')).toMatchObject({ kind: 'join', closes: { split: 'per_model', foreach: true }, openSplits: ['start'] });
    expect(steps.get('join_models')).toMatchObject({ kind: 'join', closes: { split: 'start', foreach: true }, openSplits: [] });
  });

  it('lets switch cases meet without a join and loop back', () => {
    const switched = analyze('switch');
    expect(switched.steps.get('start')?.kind).toBe('switch');
    expect(switched.steps.get('report')).toMatchObject({ kind: 'linear', parents: ['quick', 'thorough'], closes: null });
    const loop = analyze('switch-loop');
    expect(loop.cycles).toEqual([]);
    expect(loop.steps.get('train')).toMatchObject({ kind: 'switch', parents: ['start', 'train'] });
    expect(loop.steps.get('start')?.parents).toEqual(['evaluate']);
  });

  it('finds cycles that do not go through a switch', () => {
    const graph = parseFlow(
      'from flowbench import FlowSpec, step\nclass F(FlowSpec):\n    @step\n    def start(self):\n        self.next(self.a)\n    @step\n    def a(self):\n        self.next(self.b)\n    @step\n    def b(self):\n        self.next(self.a)\n',
    );
    expect(analyzeGraph(graph).cycles).toEqual([{ from: 'b', to: 'a', steps: ['a', 'b'] }]);
  });

  it('ignores what end names and steps that do not exist', () => {
    const graph = parseFlow(
      'from flowbench import FlowSpec, step\nclass F(FlowSpec):\n    @step\n    def start(self):\n        self.next(self.end, self.ghost)\n    @step\n    def end(self):\n        self.next(self.start)\n',
    );
    const { steps } = analyzeGraph(graph);
    expect(steps.get('start')).toMatchObject({ children: ['end'], parents: [] });
    expect(steps.get('end')).toMatchObject({ children: [], reachable: true });
  });
});
