/** Runs the built `flowbench` command for a spec, in the store the e2e server uses. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repo } from './story.js';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function flowbench(args: string[], env: Record<string, string | undefined> = {}): CliResult {
  const result = spawnSync(process.execPath, [join(repo, 'bin/flowbench.cjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, FLOWBENCH_HOME: process.env.FLOWBENCH_E2E_HOME, FLOWBENCH_PYTHON: process.env.FLOWBENCH_PYTHON ?? '/usr/bin/python3', ...env },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `flowbench run FILE --json` with parameters; returns the run id (throws with stderr when it failed). */
export function runFlow(file: string, params: Record<string, string>, env: Record<string, string | undefined> = {}): string {
  const args = ['run', file, '--json', ...Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${v}`])];
  const r = flowbench(args, env);
  const out = JSON.parse(r.stdout.trim().split('\n')[0] || '{}') as { status?: string; run?: string };
  if (out.status !== 'succeeded' || out.run === undefined) throw new Error(`flowbench ${args.join(' ')} failed:\n${r.stderr}`);
  return out.run;
}
