import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FlowGraph, SourceSpan, StepSpec, Transition } from './flow-graph.js';
import { LineIndex } from './line-index.js';
import { parseFlow } from './parse-flow.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixtureNames = readdirSync(fixtures)
  .filter((file) => file.endsWith('.py'))
  .map((file) => file.slice(0, -3))
  .sort();

function read(name: string): string {
  return readFileSync(`${fixtures}${name}.py`, 'utf8');
}

function parse(name: string): FlowGraph {
  return parseFlow(read(name));
}

function step(graph: FlowGraph, name: string): StepSpec {
  const found = graph.steps.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no step ${name}`);
  return found;
}

function slice(source: string, span: SourceSpan): string {
  return source.slice(span.startOffset, span.endOffset);
}

function targets(transition: Transition): readonly string[] {
  return transition.kind === 'end' ? [] : transition.targets;
}

describe('parseFlow golden files', () => {
  it.each(fixtureNames)('%s matches its snapshot', async (name) => {
    const graph = parse(name);
    await expect(`${JSON.stringify(graph, null, 2)}\n`).toMatchFileSnapshot(`./__snapshots__/${name}.json`);
  });

  it.each(fixtureNames)('%s: every span slices out its element', (name) => {
    const source = read(name);
    const graph = parseFlow(source);
    const index = new LineIndex(source);
    const spans: SourceSpan[] = [];
    if (graph.classSpan) {
      spans.push(graph.classSpan);
      expect(slice(source, graph.classSpan)).toMatch(/^(@|class )/);
    }
    for (const decorator of graph.flowDecorators) {
      spans.push(decorator.span);
      expect(slice(source, decorator.span)).toMatch(new RegExp(`^@[\\w.]*${decorator.name}`));
    }
    for (const parameter of graph.parameters) {
      spans.push(parameter.span);
      expect(slice(source, parameter.span)).toMatch(new RegExp(`^${parameter.attribute}\\b.*Parameter\\(`, 's'));
      expect(slice(source, parameter.span).endsWith(')')).toBe(true);
    }
    for (const s of graph.steps) {
      spans.push(s.span, s.defSpan, s.nameSpan, s.bodySpan);
      expect(slice(source, s.nameSpan)).toBe(s.name);
      expect(slice(source, s.defSpan)).toMatch(new RegExp(`^def ${s.name}\\(`));
      expect(slice(source, s.span)).toMatch(/^@/);
      expect(slice(source, s.span).endsWith(slice(source, s.bodySpan))).toBe(true);
      for (const decorator of s.decorators) {
        spans.push(decorator.span);
        expect(slice(source, decorator.span)).toMatch(new RegExp(`^@[\\w.]*${decorator.name}`));
      }
      if (s.transition.kind !== 'end') {
        spans.push(s.transition.span);
        expect(slice(source, s.transition.span)).toMatch(/^self\.next\([\s\S]*\)$/);
      }
    }
    // Lines and columns agree with the offsets.
    for (const span of spans) expect(index.span(span.startOffset, span.endOffset)).toEqual(span);
  });

  it('finds the flow class in every fixture', () => {
    for (const name of fixtureNames) expect(parse(name).flowName).toMatch(/Flow$/);
  });
});

describe('parseFlow facts', () => {
  it('reads a linear flow', () => {
    const graph = parse('linear');
    expect(graph).toMatchObject({ flowName: 'LinearFlow', api: 'flowbench', problems: [], parameters: [] });
    expect(graph.steps.map((s) => s.name)).toEqual(['start', 'train', 'end']);
    expect(step(graph, 'start').transition).toMatchObject({ kind: 'linear', targets: ['train'] });
    expect(step(graph, 'end').transition).toEqual({ kind: 'end' });
    expect(step(graph, 'end').nextCallCount).toBe(0);
    expect(step(graph, 'start').span).toMatchObject({ startLine: 5, startCol: 4, endLine: 8, endCol: 29 });
    expect(step(graph, 'start').nameSpan).toMatchObject({ startLine: 6, startCol: 8, endLine: 6, endCol: 13 });
    expect(step(graph, 'start').bodySpan).toMatchObject({ startLine: 7, startCol: 8, endLine: 8, endCol: 29 });
  });

  it('reads a branch and its join', () => {
    const source = read('branch-join');
    const graph = parseFlow(source);
    expect(graph.api).toBe('metaflow');
    expect(step(graph, 'start').transition).toMatchObject({ kind: 'branch', targets: ['train_a', 'train_b'] });
    expect(step(graph, 'start').docstring).toBe('Load the data.');
    const join = step(graph, 'join');
    expect(join).toMatchObject({ isJoin: true, params: ['inputs'] });
    expect(join.docstring).toBe('Pick the best model.\n\nCompares the two candidates.');
    expect(slice(source, join.defSpan)).toBe('def join(self, inputs):');
    expect(graph.parameters).toEqual([
      expect.objectContaining({ attribute: 'alpha', name: 'alpha', default: 0.1, type: 'float', help: 'Learning rate', required: false }),
    ]);
    expect(graph.classSpan).toMatchObject({ startLine: 4, endLine: 36 });
  });

  it('reads foreach transitions, nested ones too', () => {
    expect(step(parse('foreach'), 'start').transition).toMatchObject({ kind: 'foreach', targets: ['process'], foreach: 'items' });
    const nested = parse('nested-foreach');
    expect(step(nested, 'per_model').transition).toMatchObject({ kind: 'foreach', targets: ['train'], foreach: 'seeds' });
    expect(step(nested, 'join_seeds').isJoin).toBe(true);
    expect(step(nested, 'join_models').transition).toMatchObject({ kind: 'linear', targets: ['end'] });
  });

  it('reads switches, including loops', () => {
    const graph = parse('switch');
    expect(step(graph, 'start').transition).toMatchObject({
      kind: 'switch',
      cases: { fast: 'quick', slow: 'thorough' },
      condition: 'route',
      targets: ['quick', 'thorough'],
    });
    const source = read('switch-loop');
    const loop = parseFlow(source);
    const train = step(loop, 'train').transition;
    expect(train).toMatchObject({ kind: 'switch', cases: { again: 'train', done: 'evaluate' }, condition: 'decision' });
    expect(train.kind !== 'end' && train.span).toMatchObject({ startLine: 14, endLine: 17 });
    expect(step(loop, 'evaluate').transition).toMatchObject({ targets: ['start', 'end'], condition: 'verdict' });
  });

  it('reads module-qualified metaflow names and skips methods without @step', () => {
    const graph = parse('metaflow-imports');
    expect(graph).toMatchObject({ flowName: 'ImportsFlow', api: 'metaflow' });
    expect(graph.steps.map((s) => s.name)).toEqual(['start', 'end']);
    expect(step(graph, 'start').decorators.map((d) => d.name)).toEqual(['step']);
    expect(graph.parameters).toEqual([expect.objectContaining({ attribute: 'n', default: 3, type: 'int' })]);
  });

  it('reads parameters of every type', () => {
    const byAttribute = new Map(parse('parameters').parameters.map((p) => [p.attribute, p]));
    const expected: [string, string, unknown][] = [
      ['alpha', 'float', 0.1],
      ['epochs', 'int', 10],
      ['name', 'str', 'model'],
      ['verbose', 'bool', false],
      ['whole', 'float', 1],
      ['negative', 'int', -5],
      ['explicit_int', 'int', '7'],
      ['explicit_float', 'float', undefined],
      ['explicit_str', 'str', 3],
      ['explicit_bool', 'bool', true],
      ['config', 'json', '{"layers": 2}'],
      ['grid', 'json', { lr: [0.1, 0.01], deep: true, none: null }],
      ['shape', 'json', [1, 2]],
      ['by_keyword', 'str', 'x'],
      ['computed', 'str', { expr: 'lambda ctx: ctx.user' }],
      ['hex_value', 'int', 31],
      ['no_default', 'str', undefined],
      ['annotated', 'int', 1000],
    ];
    expect([...byAttribute.keys()]).toEqual(expected.map(([attribute]) => attribute));
    for (const [attribute, type, value] of expected) {
      expect(byAttribute.get(attribute), attribute).toMatchObject({ type });
      expect(byAttribute.get(attribute)?.default, attribute).toEqual(value);
    }
    expect(byAttribute.get('explicit_int')?.name).toBe('explicit-int');
    expect(byAttribute.get('by_keyword')).toMatchObject({ name: 'by-keyword', required: true });
    expect(byAttribute.get('no_default')).not.toHaveProperty('default');
    expect(byAttribute.get('name')?.help).toBe('Run name');
    expect(byAttribute.get('epochs')?.help).toBeNull();
  });

  it('reads decorators with their arguments', () => {
    const source = read('decorators');
    const graph = parseFlow(source);
    expect(graph.flowDecorators).toEqual([
      expect.objectContaining({ name: 'project', args: { name: 'demo' }, positional: [] }),
      expect.objectContaining({ name: 'docker', args: { image: 'python:3.11-slim' } }),
    ]);
    expect(graph.classSpan?.startLine).toBe(4);
    expect(step(graph, 'start').decorators.map(({ name, args }) => ({ name, args }))).toEqual([
      { name: 'step', args: {} },
      { name: 'resources', args: { cpu: 2, memory: 4096 } },
      { name: 'retry', args: { times: 3 } },
    ]);
    expect(step(graph, 'train').decorators.map(({ name, args }) => ({ name, args }))).toEqual([
      { name: 'catch', args: { var: 'e' } },
      { name: 'timeout', args: { seconds: 5 } },
      { name: 'environment', args: { vars: { A: '1', B: 'two' } } },
      { name: 'docker', args: { image: 'python:3.11' } },
      { name: 'step', args: {} },
    ]);
    const end = step(graph, 'end');
    const resources = end.decorators[1];
    expect(resources).toMatchObject({ name: 'resources', args: { cpu: 4, gpu: 1, memory: 16000 } });
    expect(resources?.span).toMatchObject({ startLine: 22, endLine: 26 });
    expect(end.decorators[2]).toMatchObject({ name: 'card', args: { type: 'blank', options: { refresh: 1.5 } } });
    expect(end.decorators[3]).toMatchObject({ name: 'custom', args: { key: null }, positional: ['positional', 2] });
    expect(end.span.startLine).toBe(21);
  });

  it('reads odd formatting: comments, multi-line calls, trailing commas, inline bodies', () => {
    const source = read('odd-formatting');
    const graph = parseFlow(source);
    expect(graph.problems).toEqual([]);
    const start = step(graph, 'start');
    expect(start.transition).toMatchObject({ kind: 'branch', targets: ['a', 'b'] });
    expect(start.nextCallCount).toBe(1);
    expect(start.docstring).toBe('Start here.\n\n    Indented detail.');
    expect(start.transition.kind !== 'end' && slice(source, start.transition.span)).toBe(
      'self.next(\n            self.a,  # first branch\n            self.b,\n        )',
    );
    const a = step(graph, 'a');
    expect(a.transition).toMatchObject({ kind: 'linear', targets: ['join'] });
    expect(slice(source, a.bodySpan)).toBe('self.next(self.join)');
    expect(step(graph, 'b')).toMatchObject({ docstring: 'Single-quoted docstring.', transition: { targets: ['join'] } });
    expect(step(graph, 'join')).toMatchObject({ isJoin: true, params: ['inputs'], docstring: 'Joins.  Tab inside.' });
    expect(slice(source, step(graph, 'end').defSpan)).toBe('def end(self) -> None:');
  });

  it('handles CRLF line endings', () => {
    const source = read('crlf');
    expect(source).toContain('\r\n');
    const graph = parseFlow(source);
    const lf = parseFlow(source.replace(/\r\n/g, '\n'));
    expect(graph.problems).toEqual([]);
    const start = step(graph, 'start');
    expect(start.docstring).toBe('Line one.\n\nLine two.');
    expect(start.span).toMatchObject({ startLine: 5, startCol: 4, endLine: 11, endCol: 27 });
    // Same lines and columns as the LF twin, offsets shifted by one per line break.
    const { startOffset, endOffset, ...position } = start.span;
    const { startOffset: lfStart, endOffset: lfEnd, ...lfPosition } = step(lf, 'start').span;
    expect(position).toEqual(lfPosition);
    expect(startOffset - lfStart).toBe(4);
    expect(endOffset - lfEnd).toBe(10);
  });

  it('handles tab indentation', () => {
    const source = read('tabs');
    const graph = parseFlow(source);
    expect(graph.problems).toEqual([]);
    expect(graph.steps.map((s) => s.name)).toEqual(['start', 'end']);
    expect(step(graph, 'start').nameSpan).toMatchObject({ startLine: 6, startCol: 5 });
  });

  it('reads what it can of a file mid-edit and says where it broke', () => {
    const graph = parse('mid-edit');
    expect(graph.problems).toEqual([
      { line: 7, message: "'(' was never closed" },
      { line: 12, message: 'unterminated string literal (detected at line 12)' },
      { line: 17, message: expect.stringContaining('invalid syntax: "line" cannot follow "this"') },
      { line: 21, message: 'expected an indented block after function definition on line 21' },
      { line: 26, message: 'unexpected indent' },
      { line: 29, message: 'unindent does not match any outer indentation level' },
      { line: 33, message: expect.stringContaining('Step "train" is already defined on line 11') },
    ]);
    expect(graph.steps.map((s) => s.name)).toEqual(['start', 'train', 'evaluate', 'report', 'publish', 'end']);
    expect(step(graph, 'start').transition).toMatchObject({ targets: ['train'] });
    expect(step(graph, 'train').transition).toMatchObject({ targets: ['evaluate'] });
    expect(step(graph, 'evaluate').transition).toMatchObject({ targets: ['report'] });
    expect(step(graph, 'report').transition).toEqual({ kind: 'end' });
    expect(step(graph, 'publish').transition).toMatchObject({ targets: ['end'] });
    expect(step(graph, 'train').nameSpan.startLine).toBe(11);
  });

  it('tolerates an empty file, a file without a flow, and an unterminated docstring', () => {
    expect(parseFlow('')).toMatchObject({ flowName: null, classSpan: null, api: 'unknown', steps: [], problems: [] });
    expect(parseFlow('import os\nclass A(object):\n    pass\n')).toMatchObject({ flowName: null, steps: [] });
    const graph = parseFlow(
      'from metaflow import FlowSpec, step\nclass F(FlowSpec):\n    @step\n    def start(self):\n        """Never closed\n        self.next(self.end)\n\n    @step\n    def end(self):\n        pass\n',
    );
    expect(graph.problems).toEqual([{ line: 5, message: 'unterminated triple-quoted string literal (detected at line 5)' }]);
    expect(graph.steps.map((s) => [s.name, targets(s.transition)])).toEqual([
      ['start', ['end']],
      ['end', []],
    ]);
  });

  it('keeps unusual next arguments as written', () => {
    const graph = parseFlow(
      [
        'from flowbench import FlowSpec, step',
        'class F(FlowSpec):',
        '    @step',
        '    def start(self):',
        '        self.next(self.a, foreach=self.attr_name)',
        '    @step',
        '    def a(self):',
        '        if self.x:',
        '            self.next(self.b)',
        '        else:',
        '            self.next(some_step)',
        '    @step',
        '    def b(self):',
        '        self.next({1: self.c, "k": self.d})',
        '    @step',
        '    def c(self): self.next()',
        '',
      ].join('\n'),
    );
    expect(graph.problems).toEqual([]);
    expect(step(graph, 'start').transition).toMatchObject({ kind: 'foreach', foreach: null, foreachExpr: 'self.attr_name' });
    expect(step(graph, 'a')).toMatchObject({ nextCallCount: 2, transition: { kind: 'linear', targets: ['some_step'] } });
    expect(step(graph, 'b').transition).toMatchObject({ kind: 'switch', cases: { '1': 'c', k: 'd' }, condition: null });
    expect(step(graph, 'c').transition).toMatchObject({ kind: 'branch', targets: [] });
  });

  // How fast is measured in bench/parse-flow.mjs (npm run bench:parse), not asserted here.
  it('parses a 500-step flow whole', () => {
    const lines = ['from flowbench import FlowSpec, Parameter, step', '', '', 'class BigFlow(FlowSpec):'];
    for (let i = 0; i < 500; i++) {
      const name = i === 0 ? 'start' : `step_${i}`;
      const next = i === 499 ? 'end' : `step_${i + 1}`;
      lines.push(
        '    @step',
        '    @resources(cpu=2, memory=4096)',
        `    def ${name}(self):`,
        `        """Step ${i}: does ${'a lot of '.repeat(3)}work."""`,
        `        self.values = [x * 2 for x in range(${i})]`,
        `        self.next(self.${next})`,
        '',
      );
    }
    lines.push('    @step', '    def end(self):', '        pass', '');
    const source = lines.join('\n');
    const graph = parseFlow(source);
    expect(graph.steps).toHaveLength(501);
    expect(graph.steps[250]).toMatchObject({ name: 'step_250', transition: { kind: 'linear', targets: ['step_251'] } });
    expect(graph.steps[250]!.decorators.map((d) => d.name)).toEqual(['step', 'resources']);
    expect(graph.problems).toEqual([]);
  });
});
