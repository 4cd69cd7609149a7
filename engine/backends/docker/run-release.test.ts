/**
 * A long-lived process (the app, `flowbench serve`) keeps its backends open across runs; a
 * finished run's warm containers must still go when the run ends, not when the process exits.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { BackendChoice } from '../../composition/backend-choice.js';
import { loadFlowForRun } from '../../flows/load-flow.js';
import { startRun } from '../../runtime/start-run.js';
import { RunStore } from '../../store/run-store.js';
import { fixture, tempHome } from '../../testing/cli-harness.js';
import { localDocker, skipUnless } from '../../testing/docker-targets.js';
import { flowbenchContainers } from '../../testing/docker-containers.js';

describe.skipIf(skipUnless(localDocker))(`warm containers of a finished run${skipUnless(localDocker) ? ` (skipped: ${localDocker.reason})` : ''}`, () => {
  it('are removed when the run ends, while the backend stays open for the next run', async () => {
    const home = await tempHome();
    const config = loadConfig({ ...process.env, FLOWBENCH_HOME: home });
    const backends = new BackendChoice('docker', config, { image: null, env: process.env });
    try {
      const run = await startRun(
        { store: RunStore.open(home), backend: backends, user: 'tester' },
        { flow: await loadFlowForRun(fixture('linear_flow.py')), maxWorkers: 2 },
      );
      const result = await run.done;
      expect(result.status).toBe('succeeded');
      expect(await flowbenchContainers({ run: result.runId })).toEqual([]);
    } finally {
      await backends.close();
    }
  });
});
