import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFlow } from '../graph/index.js';
import { lintFlow } from '../lint/index.js';
import { runFlow, tempHome } from '../testing/cli-harness.js';
import { FlowTemplate, newFlowSource } from './templates.js';

const TEMPLATES = Object.values(FlowTemplate);
const python = process.env['FLOWBENCH_PYTHON'] || '/usr/bin/python3';
/** The pandas template needs pandas in the task interpreter; without it the run test says so and is skipped. */
const hasPandas = spawnSync(python, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;

describe('newFlowSource', () => {
  for (const template of TEMPLATES) {
    it(`${template}: parses and lints clean`, () => {
      const graph = parseFlow(newFlowSource(template, 'MyFlow'));
      expect(graph.flowName).toBe('MyFlow');
      expect(graph.problems).toEqual([]);
      expect(lintFlow(graph)).toEqual([]);
    });

    const runs = template === 'pandas' && !hasPandas ? it.skip : it;
    const why = template === 'pandas' && !hasPandas ? ` (skipped: ${python} cannot import pandas)` : '';
    runs(`${template}: runs under the Flowbench runtime${why}`, async () => {
      const home = await tempHome();
      const file = join(home, `${template}_flow.py`);
      await writeFile(file, newFlowSource(template, 'MyFlow'));
      const { code, result, stderr } = await runFlow(file, home);
      expect(code, stderr).toBe(0);
      expect(result.status).toBe('succeeded');
    }, 60_000);
  }

  it('refuses a flow name that is not a Python identifier', () => {
    expect(() => newFlowSource('empty', 'my flow')).toThrow(/cannot name a flow/);
  });
});
