import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import type { StepSpec } from '../graph/flow-graph.js';
import type { StepOptions } from '../runtime/step-options.js';
import { tempHome } from '../testing/cli-harness.js';
import { backendChoices } from './backend-choice.js';

const step = { name: 'inside' } as StepSpec;
const plain = { docker: null } as StepOptions;
const inDocker = { docker: { image: null, host: null } } as StepOptions;

describe('backendChoices', () => {
  it('gives every choice the same backend per engine, and closes it once', async () => {
    const config = loadConfig({ ...process.env, FLOWBENCH_HOME: await tempHome() });
    const choices = backendChoices(config, process.env);
    const docker = choices['docker']!.backendFor(step, plain);
    expect(docker.name).toBe('docker');
    // A local run's @docker step lands on the docker run's backend (one pool, one orphan sweep).
    expect(choices['local']!.backendFor(step, inDocker)).toBe(docker);
    expect(choices['local']!.backendFor(step, plain)).not.toBe(docker);
    await Promise.all(Object.values(choices).map((choice) => choice.close()));
    // After close, a new run gets fresh backends rather than closed ones.
    expect(choices['docker']!.backendFor(step, plain)).not.toBe(docker);
    await choices['docker']!.close();
  });
});
