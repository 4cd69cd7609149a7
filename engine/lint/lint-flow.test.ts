import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFlow } from '../graph/parse-flow.js';
import { lintFlow } from './lint-flow.js';
import { LintRule, type LintFinding } from './lint-finding.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

function lint(name: string): LintFinding[] {
  return lintFlow(parseFlow(readFileSync(`${fixtures}${name}.py`, 'utf8')));
}

function brief(findings: readonly LintFinding[]): { rule: string; line: number; step?: string; severity: string }[] {
  return findings.map(({ rule, line, step, severity }) => ({ rule, line, severity, ...(step ? { step } : {}) }));
}

describe('lintFlow', () => {
  it('finds nothing wrong in a good flow (branch, foreach, switch and a switch loop)', () => {
    expect(lint('good')).toEqual([]);
  });

  it('finds nothing wrong in the parser fixtures that are valid flows', () => {
    for (const name of ['linear', 'branch-join', 'foreach', 'nested-foreach', 'switch', 'switch-loop', 'odd-formatting', 'crlf', 'tabs', 'inherited']) {
      const source = readFileSync(fileURLToPath(new URL(`../graph/fixtures/${name}.py`, import.meta.url)), 'utf8');
      expect(lintFlow(parseFlow(source)), name).toEqual([]);
    }
    // The decorators fixture uses two Metaflow decorators Flowbench does not run: warnings only.
    const decorators = readFileSync(fileURLToPath(new URL('../graph/fixtures/decorators.py', import.meta.url)), 'utf8');
    expect(brief(lintFlow(parseFlow(decorators)))).toEqual([
      { rule: LintRule.unsupportedDecorator, line: 4, severity: 'warning' },
      { rule: LintRule.unsupportedDecorator, line: 27, severity: 'warning', step: 'end' },
    ]);
  });

  const cases: [fixture: string, rule: LintRule, line: number, step: string | undefined, message: RegExp][] = [
    ['no-flow-class', LintRule.noFlowClass, 1, undefined, /No flow class found.*FlowSpec/],
    ['missing-start', LintRule.missingStart, 4, undefined, /Flow "LintFlow" has no "start" step/],
    ['missing-end', LintRule.missingEnd, 4, undefined, /Flow "LintFlow" has no "end" step/],
    ['unknown-step', LintRule.unknownStep, 12, 'train', /^Step "train" switches to self\.trian, but the flow has no step "trian"\. Did you mean "train"\?$/],
    ['unreachable', LintRule.unreachableStep, 11, 'orphan', /Step "orphan" never runs: no path from "start" leads to it/],
    ['missing-next', LintRule.missingNext, 11, 'a', /Step "a" has no self\.next\(\.\.\.\)/],
    ['end-has-next', LintRule.endHasNext, 12, 'end', /Step "end" calls self\.next\(\.\.\.\).*Remove the call/],
    ['join-without-inputs', LintRule.joinWithoutInputs, 19, 'join', /Step "join" is where the branches of "start" meet.*"def join\(self, inputs\):"/],
    ['inputs-on-non-join', LintRule.inputsOnNonJoin, 11, 'a', /Step "a" takes "inputs", but it closes no branch or foreach.*"def a\(self\):"/],
    ['unbalanced-branch', LintRule.unbalancedSplit, 8, 'start', /Only "a" of the branches of step "start" reach its join "join"\. Lead "b" there too/],
    ['foreach-without-join', LintRule.unbalancedSplit, 9, 'start', /The foreach in step "start" is never joined/],
    ['join-and-split', LintRule.joinAndSplit, 20, 'join', /Step "join" is a join .* and also splits with a branch/],
    ['cycle', LintRule.cycle, 12, 'a', /Steps "start" → "a" → "start" form a loop: step "a" calls self\.next\(self\.start\)\. Only a switch may loop back/],
    ['foreach-not-name', LintRule.foreachNotName, 9, 'start', /Step "start" has foreach=self\.items, but foreach= takes the name of a list attribute/],
    ['multiple-next', LintRule.multipleNext, 7, 'start', /Step "start" calls self\.next\(\.\.\.\) 2 times; only the last one/],
    ['syntax', LintRule.syntax, 8, undefined, /Python cannot read line 8: '\[' was never closed\./],
  ];

  it.each(cases)('%s gives exactly its %s finding', (fixture, rule, line, step, message) => {
    const findings = lint(fixture);
    const severity = rule === LintRule.multipleNext ? 'warning' : 'error';
    expect(brief(findings)).toEqual([{ rule, line, severity, ...(step ? { step } : {}) }]);
    expect(findings[0]?.message).toMatch(message);
  });

  it('suggests the step a typo meant, as the user wrote it', () => {
    const graph = parseFlow(
      'from flowbench import FlowSpec, step\nclass F(FlowSpec):\n    @step\n    def start(self):\n        self.next(self.trian)\n    @step\n    def train(self):\n        self.next(self.end)\n    @step\n    def end(self):\n        pass\n',
    );
    const [unknown] = lintFlow(graph).filter((finding) => finding.rule === LintRule.unknownStep);
    expect(unknown).toEqual({
      rule: LintRule.unknownStep,
      severity: 'error',
      line: 5,
      step: 'start',
      message: 'Step "start" calls self.next(self.trian), but the flow has no step "trian". Did you mean "train"?',
    });
  });

  it('reports several splits that do not close in one join', () => {
    const graph = parseFlow(
      [
        'from flowbench import FlowSpec, step',
        'class F(FlowSpec):',
        '    @step',
        '    def start(self):',
        '        self.next(self.a, self.b)',
        '    @step',
        '    def a(self):',
        '        self.next(self.j1)',
        '    @step',
        '    def b(self):',
        '        self.next(self.j2)',
        '    @step',
        '    def j1(self, inputs):',
        '        self.next(self.end)',
        '    @step',
        '    def j2(self, inputs):',
        '        self.next(self.end)',
        '    @step',
        '    def end(self):',
        '        pass',
        '',
      ].join('\n'),
    );
    const findings = lintFlow(graph);
    expect(brief(findings)).toEqual([{ rule: LintRule.unbalancedSplit, line: 5, severity: 'error', step: 'start' }]);
    expect(findings[0]?.message).toMatch(/meet in several steps \("j1", "j2"\) instead of one join/);
  });

  it('sorts findings by line', () => {
    const findings = lint('syntax').concat(lint('cycle'));
    const graph = parseFlow(
      'from flowbench import FlowSpec, step\nclass F(FlowSpec):\n    @step\n    def start(self):\n        pass\n    @step\n    def x(self) :\n        self.next(self.nope)\n',
    );
    const lines = lintFlow(graph).map((finding) => finding.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(lines.length).toBeGreaterThan(2);
    expect(findings.length).toBe(2);
  });
});
