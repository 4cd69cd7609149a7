/**
 * Metaflow decorators Flowbench does not run are never silently ignored: each one is a lint
 * warning that names it and says what happens instead — in lint, in `flowbench run` (the CLI) and
 * in the findings the app's Problems panel shows (FlowDocument.findings).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FlowDocument } from '../api/contract.js';
import { testApi, valueOf } from '../api/test-support/test-api.js';
import { parseFlow } from '../graph/parse-flow.js';
import { runFlow, tempHome } from '../testing/cli-harness.js';
import { LintRule } from './lint-finding.js';
import { lintFlow } from './lint-flow.js';
import { UNSUPPORTED_DECORATORS } from './rules/unsupported-decorator.js';

const FLOW_LEVEL = new Set(['conda_base', 'pypi_base', 'project', 'schedule', 'trigger', 'trigger_on_finish']);

/** A two-step flow with `@name(...)` on the flow class or on `start`, as Metaflow users write it. */
function flowWith(name: string): string {
  const decorator = `@${name}()`;
  return [
    `from metaflow import FlowSpec, step, ${name}`,
    '',
    '',
    ...(FLOW_LEVEL.has(name) ? [decorator] : []),
    'class DecoratedFlow(FlowSpec):',
    ...(FLOW_LEVEL.has(name) ? [] : [`    ${decorator}`]),
    '    @step',
    '    def start(self):',
    '        self.next(self.end)',
    '',
    '    @step',
    '    def end(self):',
    '        print("ran")',
    '',
  ].join('\n');
}

const NAMES = ['conda', 'pypi', 'conda_base', 'pypi_base', 'kubernetes', 'batch', 'secrets', 'card', 'project', 'schedule', 'trigger', 'trigger_on_finish'];

describe('decorators Flowbench does not run', () => {
  it('are the ones the step runtime accepts and ignores', () => {
    expect(Object.keys(UNSUPPORTED_DECORATORS).sort()).toEqual([...NAMES].sort());
  });

  it.each(NAMES)('@%s is a warning naming it and what happens instead', (name) => {
    const findings = lintFlow(parseFlow(flowWith(name)));
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({ rule: LintRule.unsupportedDecorator, severity: 'warning', line: FLOW_LEVEL.has(name) ? 4 : 5 });
    if (!FLOW_LEVEL.has(name)) expect(finding!.step).toBe('start');
    expect(finding!.message).toMatch(new RegExp(`^Flowbench does not run @${name}: (step "start"|flow "DecoratedFlow") runs locally without it; .+\\.$`));
  });

  it('a written module prefix (@metaflow.kubernetes) and several at once are each reported', () => {
    const source = flowWith('card').replace('    @card()', '    @metaflow.kubernetes(cpu=4)\n    @card\n    @retry(times=2)');
    const findings = lintFlow(parseFlow(source));
    expect(findings.map((f) => f.message.slice(0, 38))).toEqual(['Flowbench does not run @kubernetes: st', 'Flowbench does not run @card: step "st']);
  });

  it('the run goes ahead, and `flowbench run` prints the warning with its file and line', async () => {
    const home = await tempHome();
    const flow = join(home, 'decorated_flow.py');
    await writeFile(flow, flowWith('conda'));
    const run = await runFlow(flow, home);
    expect(run.code, run.stderr).toBe(0);
    expect(run.result.status).toBe('succeeded');
    expect(run.stderr).toContain(`${flow}:5: warning: Flowbench does not run @conda: step "start" runs locally without it; no Conda environment is built`);
  });

  it('the app lists it among the flow\'s findings (the Problems panel)', async () => {
    const t = await testApi();
    try {
      const flow = join(t.dir, 'decorated_flow.py');
      await writeFile(flow, flowWith('kubernetes'));
      const document = valueOf(await t.api.dispatch('flows.open', { path: flow })) as FlowDocument;
      expect(document.findings).toEqual([expect.objectContaining({ rule: 'unsupported-decorator', severity: 'warning', line: 5, step: 'start', message: expect.stringContaining('@kubernetes') })]);
    } finally {
      await t.close();
    }
  });
});
