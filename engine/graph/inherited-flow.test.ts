/**
 * A flow class that gets its steps through a base class and a mixin (`class Base(FlowSpec)`,
 * `class Train(Mixin, Base)`) is found, drawn (every step, the derived ones winning), passes
 * lint, and runs — the same file, read statically by the engine and imported by Python.
 */
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintFlow } from '../lint/lint-flow.js';
import { cli, runFlow, tempHome } from '../testing/cli-harness.js';
import { parseFlow } from './parse-flow.js';
import { readFileSync } from 'node:fs';

const FIXTURE = fileURLToPath(new URL('./fixtures/inherited.py', import.meta.url));

describe('an inherited flow class', () => {
  it('is found and drawn with the steps and parameters of its bases, the derived ones winning', () => {
    const source = readFileSync(FIXTURE, 'utf8');
    const graph = parseFlow(source);
    expect(graph.flowName).toBe('InheritedFlow');
    expect(source.slice(graph.classSpan!.startOffset, graph.classSpan!.endOffset)).toMatch(/^class InheritedFlow\(Tuning, BaseFlow\):/);
    expect(graph.steps.map((s) => s.name)).toEqual(['tune', 'start', 'end', 'train']);
    const train = graph.steps.find((s) => s.name === 'train')!;
    expect(train.transition).toMatchObject({ kind: 'linear', targets: ['tune'] }); // InheritedFlow's, not BaseFlow's
    expect(graph.parameters.map((p) => p.name)).toEqual(['alpha', 'rounds']);
    expect(graph.problems).toEqual([]);
    expect(lintFlow(graph)).toEqual([]);
  });

  it('picks the most derived class, whatever order the classes come in', () => {
    const graph = parseFlow(
      'from flowbench import FlowSpec, step\nclass A(FlowSpec):\n    @step\n    def start(self):\n        self.next(self.end)\n    @step\n    def end(self):\n        pass\nclass B(A):\n    pass\nclass C(B):\n    @step\n    def end(self):\n        print(1)\n',
    );
    expect(graph.flowName).toBe('C');
    expect(graph.steps.map((s) => `${s.name}:${s.span.startLine}`)).toEqual(['start:3', 'end:12']);
  });

  it('runs, every step as its class defines it', async () => {
    const home = await tempHome();
    const flow = join(home, 'inherited.py');
    await copyFile(FIXTURE, flow);
    const run = await runFlow(flow, home, ['--param', 'alpha=2']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.result).toMatchObject({ flow: 'InheritedFlow', status: 'succeeded' });
    const shown = JSON.parse((await cli(['show', run.result.pathspec, '--json'], home)).stdout);
    expect(shown.tasks.map((t: { step: string }) => t.step)).toEqual(['start', 'train', 'tune', 'end']);
    const artifact = async (step: string, name: string): Promise<unknown> =>
      JSON.parse((await cli(['artifact', `${run.result.pathspec}/${step}`, name, '--json'], home)).stdout);
    expect(await artifact('train', 'model')).toBe('derived x3');
    expect(await artifact('tune', 'tuned')).toBe(4);
    expect((await cli(['logs', `${run.result.pathspec}/end`], home)).stdout).toContain('model derived x3 tuned 4');
  });
});
