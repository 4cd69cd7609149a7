import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect, spawnCli, waitForStderr, type CliResult } from './cli-harness.js';

/**
 * A flow whose `middle` step waits (for a file the test creates, at most 3 s: a container cannot
 * see the file) while the test edits `end` and the module it imports. A run that runs its
 * snapshot ends with `code == "old"` and `helper == "v1"`.
 */
export function editFlowSource(version: 'old' | 'new'): string {
  return `import os, time
from flowbench import FlowSpec, step
from lib.helpers import version


class EditFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.middle)

    @step
    def middle(self):
        print("waiting", flush=True)
        go = os.environ.get("EDIT_FLOW_GO", "/nonexistent")
        deadline = time.time() + 3
        while not os.path.exists(go) and time.time() < deadline:
            time.sleep(0.02)
        self.next(self.end)

    @step
    def end(self):
        self.code = "${version}"
        self.helper = version()
`;
}

export function editHelperSource(version: 'v1' | 'v2'): string {
  return `def version():\n    return "${version}"\n`;
}

/** Writes the flow (and lib/helpers.py) into a fresh folder; returns the flow file's path. */
export async function writeEditFlow(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'flowbench-edit-'));
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(folder, 'lib'));
  await writeFile(join(folder, 'lib', 'helpers.py'), editHelperSource('v1'));
  await writeFile(join(folder, 'edit_flow.py'), editFlowSource('old'));
  return join(folder, 'edit_flow.py');
}

/**
 * `flowbench run` of the edit flow as a separate process; while `middle` runs, `end` and the
 * helper module are rewritten. Resolves with the run's result line.
 */
export async function runWhileEditing(home: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<CliResult & { flowFile: string; pathspec: string }> {
  const flowFile = await writeEditFlow();
  const go = join(flowFile, '..', 'go');
  const child = spawnCli(['run', flowFile, '--json', ...args], home, { EDIT_FLOW_GO: go, ...env });
  const done = collect(child);
  await Promise.race([waitForStderr(child, /\[middle\/\d+\] waiting/), done]);
  await writeFile(flowFile, editFlowSource('new'));
  await writeFile(join(flowFile, '..', 'lib', 'helpers.py'), editHelperSource('v2'));
  await writeFile(go, '');
  const result = await done;
  const last = result.stdout.trim().split('\n').pop() ?? '';
  let pathspec = '';
  try {
    pathspec = (JSON.parse(last) as { pathspec: string }).pathspec;
  } catch {
    throw new Error(`run printed no JSON result (exit ${result.code}).\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  return { ...result, flowFile, pathspec };
}
