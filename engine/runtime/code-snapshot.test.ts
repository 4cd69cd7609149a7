/**
 * A run is a snapshot: every task runs the code recorded at the run's start (the flow file and
 * the modules it imports from its folder), whatever happens to the files meanwhile.
 */
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../store/run-store.js';
import { cli, collect, spawnCli, tempHome } from '../testing/cli-harness.js';
import { ageAsLeftover, NO_SUCH_PID } from '../testing/dead-writer.js';
import { editFlowSource, editHelperSource, runWhileEditing } from '../testing/edit-mid-run.js';
import { checkoutCode, readCodeManifest, snapshotCode } from './code-package.js';

const CWD_FLOW = `from flowbench import FlowSpec, step


class CwdFlow(FlowSpec):
    @step
    def start(self):
        import helper

        self.where = helper.WHERE
        self.next(self.end)

    @step
    def end(self):
        pass
`;

async function artifact(pathspec: string, name: string, home: string): Promise<unknown> {
  const out = await cli(['artifact', pathspec, name, '--json'], home);
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout);
}

async function runRecord(home: string, pathspec: string) {
  const [flow, runId] = pathspec.split('/');
  return (await RunStore.open(home).requireRun(flow!, runId!)).record;
}

describe('a run runs the code it recorded', () => {
  for (const [label, env] of [
    ['forked from a warm worker', {}],
    ['in a fresh interpreter per task', { FLOWBENCH_WARM_WORKERS: '0' }],
  ] as const) {
    it(`ignores an edit of the flow and its module while it runs (${label})`, async () => {
      const home = await tempHome();
      const run = await runWhileEditing(home, [], env);
      expect(run.code, run.stderr).toBe(0);
      expect(await artifact(`${run.pathspec}/end`, 'code', home)).toBe('old');
      expect(await artifact(`${run.pathspec}/end`, 'helper', home)).toBe('v1');

      // Recorded: the package lists the flow file and the module beside it, as they were.
      const record = await runRecord(home, run.pathspec);
      const store = RunStore.open(home);
      const manifest = await readCodeManifest(store, record.codePackageSha!);
      expect(manifest.entry).toBe('edit_flow.py');
      expect(Object.keys(manifest.files)).toEqual(['edit_flow.py', 'lib/helpers.py']);
      expect(manifest.files['edit_flow.py']).toBe(record.codeSha);
      expect(Buffer.from(await store.blobs.getBytes(manifest.files['lib/helpers.py']!)).toString()).toBe(editHelperSource('v1'));
      expect(await store.readCode(record)).toBe(editFlowSource('old'));
    });
  }

  for (const [label, env] of [
    ['forked from a warm worker', {}],
    ['in a fresh interpreter per task', { FLOWBENCH_WARM_WORKERS: '0' }],
  ] as const) {
    it(`imports no module from the folder the run was started in, which the snapshot does not hold (${label})`, async () => {
      const home = await tempHome();
      const project = await mkdtemp(join(tmpdir(), 'flowbench-cwd-'));
      await mkdir(join(project, 'flows'));
      await writeFile(join(project, 'flows', 'cwd_flow.py'), CWD_FLOW);
      await writeFile(join(project, 'helper.py'), 'WHERE = "the working folder"\n');
      // `flowbench run flows/cwd_flow.py` typed in the project's folder: as under Metaflow's
      // `python flows/cwd_flow.py run`, that folder is not on the tasks' sys.path.
      const inWorkingFolder = await collect(spawnCli(['run', 'flows/cwd_flow.py'], home, env, project));
      expect(inWorkingFolder.code).toBe(1);
      expect(inWorkingFolder.stderr).toContain("ModuleNotFoundError: No module named 'helper'");

      // Beside the flow, the module is found, and the run's package holds it.
      await writeFile(join(project, 'flows', 'helper.py'), 'WHERE = "beside the flow"\n');
      const beside = await collect(spawnCli(['run', 'flows/cwd_flow.py', '--json'], home, env, project));
      expect(beside.code, beside.stderr).toBe(0);
      const pathspec = JSON.parse(beside.stdout).pathspec as string;
      expect(await artifact(`${pathspec}/start`, 'where', home)).toBe('beside the flow');
      const manifest = await readCodeManifest(RunStore.open(home), (await runRecord(home, pathspec)).codePackageSha!);
      expect(Object.keys(manifest.files)).toEqual(['cwd_flow.py', 'helper.py']);
    });
  }

  it('stores an unchanged package once, and leaves out caches, hidden folders and virtualenvs', async () => {
    const home = await tempHome();
    const first = await runWhileEditing(home);
    const folder = join(first.flowFile, '..');
    for (const skipped of ['.git', '__pycache__', 'venv']) {
      const { mkdir } = await import('node:fs/promises');
      await mkdir(join(folder, skipped), { recursive: true });
      await writeFile(join(folder, skipped, 'noise.py'), 'x = 1\n');
    }
    await writeFile(join(folder, 'venv', 'pyvenv.cfg'), 'home = /usr/bin\n');
    const again = await cli(['run', first.flowFile, '--json'], home, { EDIT_FLOW_GO: join(folder, 'go') });
    expect(again.code, again.stderr).toBe(0);
    const firstRecord = await runRecord(home, first.pathspec);
    const secondRecord = await runRecord(home, JSON.parse(again.stdout).pathspec);
    // The files changed during the first run, so the second run's package is the edited one…
    expect(secondRecord.codePackageSha).not.toBe(firstRecord.codePackageSha);
    const blobsBefore = await countBlobs(home);
    const third = await cli(['run', first.flowFile, '--json'], home, { EDIT_FLOW_GO: join(folder, 'go') });
    const thirdRecord = await runRecord(home, JSON.parse(third.stdout).pathspec);
    // …and a run of unchanged files names the same package and stores no new code blob.
    expect(thirdRecord.codePackageSha).toBe(secondRecord.codePackageSha);
    const manifest = await readCodeManifest(RunStore.open(home), thirdRecord.codePackageSha!);
    expect(Object.keys(manifest.files)).toEqual(['edit_flow.py', 'lib/helpers.py']);
    // Same code, same artifacts: not one blob more.
    expect(await countBlobs(home)).toBe(blobsBefore);
  });

  it('resume runs the file as it is now and records it as its own package', async () => {
    const home = await tempHome();
    const failing = await runWhileEditing(home);
    const folder = join(failing.flowFile, '..');
    await writeFile(failing.flowFile, editFlowSource('new').replace('self.helper = version()', 'raise ValueError("not yet")'));
    const failed = await cli(['run', failing.flowFile, '--json'], home, { EDIT_FLOW_GO: join(folder, 'go') });
    expect(failed.code).toBe(1);
    await writeFile(failing.flowFile, editFlowSource('new'));
    const resumed = await cli(['resume', failing.flowFile, '--json'], home, { EDIT_FLOW_GO: join(folder, 'go') });
    expect(resumed.code, resumed.stderr).toBe(0);
    const pathspec = JSON.parse(resumed.stdout).pathspec as string;
    expect(await artifact(`${pathspec}/end`, 'helper', home)).toBe('v2');
    const record = await runRecord(home, pathspec);
    expect(record.origin?.runId).toBe(JSON.parse(failed.stdout).run);
    expect(record.codePackageSha).not.toBe((await runRecord(home, JSON.parse(failed.stdout).pathspec)).codePackageSha);
    expect(await RunStore.open(home).readCode(record)).toBe(editFlowSource('new'));
  });
});

async function countBlobs(home: string): Promise<number> {
  let count = 0;
  for (const fan of await readdir(join(home, 'blobs', 'sha256'))) count += (await readdir(join(home, 'blobs', 'sha256', fan))).length;
  return count;
}

describe('the code cache', () => {
  it('a new checkout tidies what a killed checkout left an hour ago, and nothing else', async () => {
    const home = await tempHome();
    const store = RunStore.open(home);
    const folder = join(home, 'flows');
    await mkdir(folder, { recursive: true });
    const flowFile = join(folder, 'tidy_flow.py');
    await writeFile(flowFile, '# a flow\n');
    const cache = join(home, 'cache', 'code');
    const leftover = join(cache, `0123456789ab.tmp-${NO_SUCH_PID}-cd34`);
    const fresh = join(cache, `0123456789ab.tmp-${NO_SUCH_PID}-ef56`);
    await mkdir(leftover, { recursive: true });
    await mkdir(fresh, { recursive: true });
    await ageAsLeftover(leftover);

    const pkg = await snapshotCode(store, flowFile, '# a flow\n');
    const checkout = await checkoutCode(store, pkg);
    expect((await readdir(cache)).sort()).toEqual([`0123456789ab.tmp-${NO_SUCH_PID}-ef56`, pkg.sha].sort());
    expect(await readFile(join(checkout.dir, 'tidy_flow.py'), 'utf8')).toBe('# a flow\n');
  });
});
