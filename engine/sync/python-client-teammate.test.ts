/**
 * Issue 8, end to end: the Python client in Bob's notebook reads Alice's run — a pandas
 * DataFrame, a foreach's values, parameters and stdout — after `flowbench pull` brought only its
 * records. The blobs come through the real `flowbench fetch-blob` from the real S3 server, then
 * the same reads work with the remote unreachable.
 */
import { existsSync } from 'node:fs';
import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runFlow, tempHome } from '../testing/cli-harness.js';
import { runPython } from '../testing/python-process.js';
import { freshRemote, s3Env, skipWithoutS3, useTestCredentials, type TestRemote } from '../testing/s3-remote.js';
import { blobPath, teammate } from './sync-test-support.js';

const ITEMS = 12;

const FLOW = `from flowbench import FlowSpec, Parameter, step


class TeammateFlow(FlowSpec):
    alpha = Parameter("alpha", default=0.5)

    @step
    def start(self):
        import pandas as pd

        self.frame = pd.DataFrame({"name": ["a", "b", "c"], "score": [0.5, 1.5, 2.5]}, index=[10, 20, 30])
        self.grid = list(range(${ITEMS}))
        print("alice starts with alpha", self.alpha)
        self.next(self.score, foreach="grid")

    @step
    def score(self):
        self.value = self.input * self.alpha
        self.next(self.join)

    @step
    def join(self, inputs):
        self.values = [i.value for i in inputs]
        self.frame = inputs[0].frame
        self.next(self.end)

    @step
    def end(self):
        self.best = max(self.values)
`;

/** Bob's notebook: prints one JSON object of what it read from Alice's latest run. */
const NOTEBOOK = `
import json
import pandas as pd
from flowbench import Flow, namespace

namespace("user:alice")
run = Flow("TeammateFlow").latest_successful_run
out = {"id": run.id, "user": run.user, "parameters": run.parameters}
frame = run.data.frame
expected = pd.DataFrame({"name": ["a", "b", "c"], "score": [0.5, 1.5, 2.5]}, index=[10, 20, 30])
out["frameType"] = type(frame).__module__.split(".")[0] + "." + type(frame).__name__
out["frameEqual"] = bool(frame.equals(expected) and list(frame.index) == [10, 20, 30])
out["values"] = [task.data.value for task in run["score"]]
out["indexes"] = [task.index for task in run["score"]]
out["joined"] = run["join"].task.data.values
out["best"] = run.data.best
out["stdout"] = run["start"].task.stdout
print(json.dumps(out))
`;

describe.skipIf(skipWithoutS3())('the Python client reads a teammate’s run pulled from S3', () => {
  let remote: TestRemote;
  let alice: Awaited<ReturnType<typeof teammate>>;
  let bob: Awaited<ReturnType<typeof teammate>>;
  let pathspec: string;
  let calls: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    useTestCredentials();
    remote = await freshRemote(); // a new bucket of its own
    const aliceHome = await tempHome();
    const flowFile = join(aliceHome, 'teammate_flow.py');
    await writeFile(flowFile, FLOW);
    const made = await runFlow(flowFile, aliceHome, [], { FLOWBENCH_USER: 'alice' });
    expect(made.result.status, made.stderr).toBe('succeeded');
    pathspec = made.result.pathspec;
    alice = await teammate('alice', { home: aliceHome, pathspec }, remote);
    expect((await alice.sync('push')).pushed_runs).toBe(1);
    bob = await teammate('bob', null, remote);
    expect((await bob.sync('pull')).pulled_runs).toBe(1);

    // The real CLI, through a wrapper that notes each process the client starts.
    calls = join(bob.home, 'fetch-blob-calls.log');
    const wrapper = join(bob.home, 'flowbench-cli.sh');
    await writeFile(wrapper, `#!/bin/sh\necho "$@" >> '${calls}'\nexec '${process.execPath}' '${join(repoRoot, 'bin', 'flowbench.cjs')}' "$@"\n`);
    await chmod(wrapper, 0o755);
    env = s3Env({
      PYTHONPATH: join(repoRoot, 'resources', 'python'),
      PYTHONDONTWRITEBYTECODE: '1',
      FLOWBENCH_HOME: bob.home,
      FLOWBENCH_USER: 'bob',
      FLOWBENCH_CLI: wrapper,
    });
  }, 240_000);

  const expectAliceRun = (out: Record<string, unknown>): void => {
    expect(out['id']).toBe(pathspec.split('/')[1]);
    expect(out['user']).toBe('alice');
    expect(out['parameters']).toEqual({ alpha: 0.5 });
    expect(out['frameType']).toBe('pandas.DataFrame');
    expect(out['frameEqual']).toBe(true);
    const items = Array.from({ length: ITEMS }, (_, i) => i);
    expect(out['values']).toEqual(items.map((i) => i * 0.5));
    expect(out['indexes']).toEqual(items);
    expect(out['joined']).toEqual(items.map((i) => i * 0.5));
    expect(out['best']).toBe((ITEMS - 1) * 0.5);
    expect(out['stdout']).toBe('alice starts with alpha 0.5\n');
  };

  it('fetches the blobs through flowbench fetch-blob, one process per batch, then reads offline', async () => {
    const record = JSON.parse(await readFile(join(bob.home, 'runs', ...pathspec.split('/'), 'tasks', 'join', (await taskIds(bob.home, pathspec, 'join'))[0]!, 'task.json'), 'utf8'));
    const frameSha = record.artifacts.frame.sha as string;
    expect(existsSync(blobPath(bob.home, frameSha))).toBe(false); // the pull brought records only

    const online = await runPython(NOTEBOOK, [], env);
    expect(online.code, online.stderr).toBe(0);
    expectAliceRun(JSON.parse(online.stdout));
    expect(existsSync(blobPath(bob.home, frameSha))).toBe(true);
    // The foreach's values came in one fetch-blob, not one per task.
    const fetches = (await readFile(calls, 'utf8')).trim().split('\n');
    expect(fetches.every((line) => line.startsWith('fetch-blob '))).toBe(true);
    expect(fetches.length).toBeLessThanOrEqual(6);
    expect(fetches.some((line) => line.split(' ').length === ITEMS + 1)).toBe(true);

    // The remote becomes unreachable (nothing listens on port 9): the same reads, from the local copies.
    const configPath = join(bob.home, 'config.json');
    const config = JSON.parse(await readFile(configPath, 'utf8'));
    config.remotes.origin.endpoint = 'http://127.0.0.1:9';
    await writeFile(configPath, JSON.stringify(config));
    await writeFile(calls, '');
    const offline = await runPython(NOTEBOOK, [], env);
    expect(offline.code, offline.stderr).toBe(0);
    expectAliceRun(JSON.parse(offline.stdout));
    expect(await readFile(calls, 'utf8')).toBe(''); // nothing was asked of the engine

    // And it really is unreachable: an artifact never read fails in one sentence naming the remote.
    const unread = await runPython(
      `from flowbench import Run, ArtifactUnavailable, namespace\nnamespace(None)\ntry:\n    Run("${pathspec}")["start"].task.data.grid\nexcept ArtifactUnavailable as error:\n    print(error)`,
      [],
      env,
    );
    expect(unread.code, unread.stderr).toBe(0);
    expect(unread.stdout.trim().split('\n')).toHaveLength(1);
    expect(unread.stdout).toContain('Cannot reach remote "origin"');
  });

  it('flowbench fetch-blob takes several digests and prints their paths in order; a bad one is refused first', async () => {
    const carol = await teammate('carol', null, remote);
    expect((await carol.sync('pull')).pulled_runs).toBe(1);
    const digests = await Promise.all(
      (await taskIds(carol.home, pathspec, 'score')).map(async (id) => {
        const task = JSON.parse(await readFile(join(carol.home, 'runs', ...pathspec.split('/'), 'tasks', 'score', id, 'task.json'), 'utf8'));
        return task.artifacts.value.sha as string;
      }),
    );
    const bad = await carol.cli(['fetch-blob', digests[0]!, 'not-a-digest']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim()).toBe('flowbench: Not a sha256 digest: "not-a-digest".');
    expect(existsSync(blobPath(carol.home, digests[0]!))).toBe(false);

    const asked = [...digests, digests[0]!];
    const fetched = await carol.cli(['fetch-blob', ...asked]);
    expect(fetched.code, fetched.stderr).toBe(0);
    expect(fetched.stdout.trim().split('\n')).toEqual(asked.map((sha) => blobPath(carol.home, sha)));
    for (const sha of digests) expect(existsSync(blobPath(carol.home, sha))).toBe(true);
  });
});

async function taskIds(home: string, pathspec: string, step: string): Promise<string[]> {
  return readdir(join(home, 'runs', ...pathspec.split('/'), 'tasks', step));
}
