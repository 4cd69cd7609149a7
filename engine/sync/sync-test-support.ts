import { cp, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, runFlow, tempHome, type CliResult } from '../testing/cli-harness.js';
import { s3Env, type TestRemote } from '../testing/s3-remote.js';
import type { TaskRecord } from '../store/records.js';

/** Shared by the sync test files: teammates with a run each, over real S3. */
export const shareFlow = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'share_flow.py');

export interface Teammate {
  readonly name: string;
  readonly home: string;
  readonly runPathspec: string;
  cli(args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<CliResult>;
  /** `cli` and parse the `--json` summary of push/pull/sync (fails the test on a non-zero exit). */
  sync(command: 'push' | 'pull' | 'sync'): Promise<{ pushed_runs: number; pulled_runs: number; bytes_up: number; bytes_down: number }>;
}

/** A store with one run of ShareFlow made by `name` (made once, then copied for each test). */
export async function templateHome(name: string, params: string[] = []): Promise<{ home: string; pathspec: string }> {
  const home = await tempHome();
  const run = await runFlow(shareFlow, home, ['--param', `seed=${name}`, ...params.flatMap((p) => ['--param', p])], { FLOWBENCH_USER: name });
  if (run.code !== 0) throw new Error(`the ${name} template run failed:\n${run.stderr}`);
  return { home, pathspec: run.result.pathspec };
}

/** A teammate working on a copy of a template store (or an empty one), with `remote` added as `origin`. */
export async function teammate(name: string, template: { home: string; pathspec: string } | null, remote: TestRemote | string[]): Promise<Teammate> {
  const home = await tempHome();
  if (template) await cp(template.home, home, { recursive: true });
  const run = (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> => cli(args, home, s3Env({ FLOWBENCH_USER: name, ...extraEnv }));
  const added = await run(['remote', 'add', 'origin', ...(Array.isArray(remote) ? remote : remote.addArgs)]);
  if (added.code !== 0) throw new Error(added.stderr);
  return {
    name,
    home,
    runPathspec: template?.pathspec ?? '',
    cli: run,
    async sync(command) {
      const result = await run([command, '--json']);
      if (result.code !== 0) throw new Error(`${name}: flowbench ${command} exited ${result.code}: ${result.stderr}`);
      return JSON.parse(result.stdout);
    },
  };
}

/** The task record of a run's step (its artifacts' digests). */
export async function taskRecord(home: string, pathspec: string, step: string): Promise<TaskRecord> {
  const folder = join(home, 'runs', ...pathspec.split('/'), 'tasks', step);
  const [taskId] = await readdir(folder);
  return JSON.parse(await readFile(join(folder, taskId!, 'task.json'), 'utf8')) as TaskRecord;
}

export function blobPath(home: string, sha: string): string {
  return join(home, 'blobs', 'sha256', sha.slice(0, 2), sha);
}

/** Every file under a folder, recursively. */
export async function allFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}
