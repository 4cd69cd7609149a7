import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../cli/main.js';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');

/** A flow from engine/runtime/fixtures. */
export function fixture(name: string): string {
  return join(repoRoot, 'engine', 'runtime', 'fixtures', name);
}

/** A fresh store, so tests never see each other's runs. */
export async function tempHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'flowbench-test-'));
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI in this process against a store, capturing what it prints. */
export async function cli(args: string[], home: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(
    args,
    {
      out: (text) => (stdout += text.endsWith('\n') ? text : `${text}\n`),
      err: (text) => (stderr += text.endsWith('\n') ? text : `${text}\n`),
    },
    { ...process.env, FLOWBENCH_HOME: home, FLOWBENCH_USER: 'tester', ...extraEnv },
  );
  return { code, stdout, stderr };
}

/** `flowbench run --json` in-process; returns the parsed result line as well. */
export async function runFlow(
  flowFile: string,
  home: string,
  extraArgs: string[] = [],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<CliResult & { result: { flow: string; run: string; pathspec: string; status: string } }> {
  const output = await cli(['run', flowFile, '--json', ...extraArgs], home, extraEnv);
  const lines = output.stdout.trim().split('\n');
  let result;
  try {
    result = JSON.parse(lines[lines.length - 1] ?? '');
  } catch {
    throw new Error(`run printed no JSON result (exit ${output.code}).\nstdout:\n${output.stdout}\nstderr:\n${output.stderr}`);
  }
  return { ...output, result };
}

/**
 * The built CLI as a separate process (for signals, for several processes on one store, and for
 * a command typed in another folder than the tests': `cwd`).
 */
export function spawnCli(args: string[], home: string, extraEnv: NodeJS.ProcessEnv = {}, cwd?: string): ChildProcess {
  return spawn(process.execPath, [join(repoRoot, 'bin', 'flowbench.cjs'), ...args], {
    ...(cwd ? { cwd } : {}),
    env: { ...process.env, FLOWBENCH_HOME: home, FLOWBENCH_USER: 'tester', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit({ code: code ?? (signal ? 128 : 1), stdout, stderr })));
}

/** Resolves once `pattern` has matched `times` times in the child's stderr (progress lines). */
export function waitForStderr(child: ChildProcess, pattern: RegExp, times = 1): Promise<void> {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  let stderr = '';
  return new Promise((resolveSeen) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if ((stderr.match(global) ?? []).length >= times) resolveSeen();
    });
  });
}
