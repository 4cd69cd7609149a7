/**
 * The Python client (resources/python/flowbench/client) reading real runs made by the real
 * engine: two users, a foreach, a pandas DataFrame, a failed run and a tag event, read back from
 * Debian's /usr/bin/python3 with only `flowbench python-path` on PYTHONPATH. The client and the
 * engine must agree on every rule they share (statuses, tags, namespaces).
 */
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../store/run-store.js';
import { cli, repoRoot, runFlow, tempHome } from '../testing/cli-harness.js';
import { runPython } from '../testing/python-process.js';


const FLOW = `from flowbench import FlowSpec, Parameter, step


class NotebookFlow(FlowSpec):
    alpha = Parameter("alpha", default=0.5)
    fail = Parameter("fail", default=False, type=bool)

    @step
    def start(self):
        import pandas as pd

        self.frame = pd.DataFrame({"name": ["a", "b", "c"], "score": [0.5, 1.5, 2.5]}, index=[10, 20, 30])
        self.grid = [1, 2, 3]
        print("starting with alpha", self.alpha)
        if self.fail:
            raise ValueError("asked to fail")
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

/** What the notebook does; prints one JSON object. argv: bob's run id. */
const NOTEBOOK = `
import json, sys
import pandas as pd
from flowbench import Flow, Run, MetaflowNamespaceMismatch, get_namespace, namespace

out = {"namespace": get_namespace()}
flow = Flow("NotebookFlow")
out["mine"] = [run.id for run in flow]
latest, ok = flow.latest_run, flow.latest_successful_run
out["latest"] = [latest.id, latest.status, latest.successful, latest.finished]
out["latestSuccessful"] = ok.id
out["parameters"] = ok.parameters
out["tags"] = sorted(ok.tags)
out["user"] = ok.user
out["best"] = ok.data.best
out["values"] = [task.data.value for task in ok["score"]]
out["indexes"] = [task.index for task in ok["score"]]
out["alphaInData"] = ok["score"].task.data.alpha
frame = ok.data.frame
expected = pd.DataFrame({"name": ["a", "b", "c"], "score": [0.5, 1.5, 2.5]}, index=[10, 20, 30])
out["frameType"] = type(frame).__module__.split(".")[0] + "." + type(frame).__name__
out["frameEqual"] = bool(frame.equals(expected) and list(frame.index) == [10, 20, 30])
out["stdout"] = ok["start"].task.stdout
out["failedStdout"] = latest["start"].task.stdout
out["failedException"] = latest["start"].task.exception["type"]
out["failedData"] = latest.data
out["steps"] = [step.id for step in ok]
out["times"] = [round(ok.created_at.timestamp() * 1000), round(ok.finished_at.timestamp() * 1000)]
try:
    Run("NotebookFlow/" + sys.argv[1])
except MetaflowNamespaceMismatch as error:
    out["mismatch"] = str(error)
namespace("user:bob")
out["bob"] = [run.id for run in flow]
out["bobBest"] = flow.latest_run.data.best
namespace(None)
out["all"] = [run.id for run in flow]
namespace("best")
out["tagged"] = [run.id for run in flow]
print(json.dumps(out))
`;

const python = runPython;

describe('the Python client reads what the engine wrote', () => {
  let home: string;
  let pythonPath: string;
  let alice: string;
  let aliceFailed: string;
  let bob: string;

  beforeAll(async () => {
    home = await tempHome();
    const flowFile = join(home, 'notebook_flow.py');
    await writeFile(flowFile, FLOW);
    const first = await runFlow(flowFile, home, ['--tag', 'exp'], { FLOWBENCH_USER: 'alice' });
    expect(first.result.status, first.stderr).toBe('succeeded');
    const second = await runFlow(flowFile, home, ['--param', 'alpha=2'], { FLOWBENCH_USER: 'bob' });
    expect(second.result.status, second.stderr).toBe('succeeded');
    const third = await runFlow(flowFile, home, ['--param', 'fail=true'], { FLOWBENCH_USER: 'alice' });
    expect(third.result.status).toBe('failed');
    [alice, bob, aliceFailed] = [first.result.run, second.result.run, third.result.run];
    // A tag event after the run (what `flowbench tag add|remove` writes): the record stays as it was.
    const store = RunStore.open(home);
    await store.changeTags('NotebookFlow', alice, 'add', ['best'], 'alice');
    await store.changeTags('NotebookFlow', alice, 'remove', ['exp'], 'alice');
    const printed = await cli(['python-path'], home);
    expect(printed.code).toBe(0);
    pythonPath = printed.stdout.trim();
  }, 240_000);

  it('flowbench python-path prints the folder holding the package', () => {
    expect(pythonPath).toBe(join(repoRoot, 'resources', 'python'));
  });

  it('namespaces, latest runs, data, DataFrames, logs, parameters and tags', async () => {
    const env = { PYTHONPATH: pythonPath, FLOWBENCH_HOME: home, FLOWBENCH_USER: 'alice', PYTHONDONTWRITEBYTECODE: '1' };
    const result = await python(NOTEBOOK, [bob], env);
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout);

    expect(out.namespace).toBe('user:alice');
    expect(out.mine).toEqual([aliceFailed, alice]);
    expect(out.latest).toEqual([aliceFailed, 'failed', false, true]);
    expect(out.latestSuccessful).toBe(alice);
    expect(out.parameters).toEqual({ alpha: 0.5, fail: false });
    expect(out.user).toBe('alice');
    expect(out.best).toBe(1.5);
    expect(out.values).toEqual([0.5, 1, 1.5]);
    expect(out.indexes).toEqual([0, 1, 2]);
    expect(out.alphaInData).toBe(0.5);
    expect(out.frameType).toBe('pandas.DataFrame');
    expect(out.frameEqual).toBe(true);
    expect(out.stdout).toBe('starting with alpha 0.5\n');
    expect(out.failedStdout).toBe('starting with alpha 0.5\n');
    expect(out.failedException).toBe('ValueError');
    expect(out.failedData).toBeNull();
    expect(out.steps).toEqual(['end', 'join', 'score', 'start']);
    expect(out.mismatch).toContain(`NotebookFlow/${bob} is not in the namespace 'user:alice'`);
    expect(out.bob).toEqual([bob]);
    expect(out.bobBest).toBe(6);
    expect(out.all).toEqual([aliceFailed, bob, alice]);
    expect(out.tagged).toEqual([alice]);

    // One rule, two readers: the engine's view of the same runs.
    const store = RunStore.open(home);
    const engineRun = await store.requireRun('NotebookFlow', alice);
    expect(out.tags).toEqual([...(await store.tagsOf(engineRun.record))].sort());
    expect(out.tags).toEqual(['best', 'user:alice']);
    expect(out.times).toEqual([Date.parse(engineRun.record.startedAt), Date.parse(engineRun.end!.finishedAt)]);
  });

  it('a blob missing from the store is asked of flowbench fetch-blob, and its failure is one sentence', async () => {
    const store = RunStore.open(home);
    const end = (await store.listTasks('NotebookFlow', bob)).find((task) => task.step === 'end')!;
    const sha = end.artifacts['best']!.sha;
    const path = store.blobs.pathOf(sha);
    await rename(path, `${path}.away`);
    try {
      const env = {
        PYTHONPATH: pythonPath,
        FLOWBENCH_HOME: home,
        FLOWBENCH_USER: 'bob',
        FLOWBENCH_CLI: `${process.execPath} ${join(repoRoot, 'bin', 'flowbench.cjs')}`,
      };
      const code = `from flowbench import Run, ArtifactUnavailable\ntry:\n    Run("NotebookFlow/${bob}").data.best\nexcept ArtifactUnavailable as error:\n    print(error)`;
      const result = await python(code, [], env);
      expect(result.code, result.stderr).toBe(0);
      // No remote holds it here: whatever the engine's reason, it reaches the notebook as is.
      expect(result.stdout).toContain(`Artifact 'best' of NotebookFlow/${bob}/end/`);
      expect(result.stdout).toContain(`blob ${sha} is not in the store at ${home}`);
      expect(result.stdout).toMatch(new RegExp(`fetch-blob ${sha}\` failed: flowbench: \\S`));
      expect(result.stdout.trim().split('\n')).toHaveLength(1);
    } finally {
      await rename(`${path}.away`, path);
    }
  });
});
