import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { ApiEvent, FlowDocument, RunDetails, RunRef } from './contract.js';
import { flowNameFor } from './create-api.js';
import { LAYOUT_IN_ENGINE_MAX_STEPS } from './open-flows.js';
import { layoutGraph } from '../graph/layout.js';
import { testApi, valueOf, waitFor, type TestApi } from './test-support/test-api.js';

let open: TestApi[] = [];
async function setup(options?: Parameters<typeof testApi>[0]): Promise<TestApi> {
  const t = await testApi(options);
  open.push(t);
  return t;
}
afterEach(async () => {
  await Promise.all(open.map((t) => t.close()));
  open = [];
});


describe('app.info and argument checks', () => {
  test('app.info tells the mode, user, home and cwd', async () => {
    const t = await setup();
    expect(valueOf(await t.api.dispatch('app.info', {}))).toEqual({ version: '0.0.0-test', mode: 'browser', user: 'tester', home: t.home, cwd: t.dir });
  });

  test('bad arguments and unknown methods are values, never throws', async () => {
    const t = await setup();
    expect(await t.api.dispatch('flows.open', { path: 42 })).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
    expect(await t.api.dispatch('nope.nothing', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await t.api.dispatch('constructor', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await t.api.dispatch('flows.open', { path: 'missing.py' })).toMatchObject({ ok: false, error: { code: 'file-not-found' } });
  });
});

describe('flows', () => {
  test('create writes a template that parses, refuses to overwrite, and names the class after the file', async () => {
    const t = await setup();
    const doc = valueOf(await t.api.dispatch('flows.create', { path: 'my_model.py', template: 'empty' })) as FlowDocument;
    expect(doc.path).toBe(join(t.dir, 'my_model.py'));
    expect(doc.graph.flowName).toBe('MyModelFlow');
    expect(doc.graph.problems).toEqual([]);
    expect(doc.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(await readFile(doc.path, 'utf8')).toBe(doc.source);
    expect(await t.api.dispatch('flows.create', { path: 'my_model.py', template: 'branch' })).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
    expect(flowNameFor('/x/2nd-try.py')).toBe('F2ndTryFlow');
  });

  test('setSource saves to disk and is an undo step; undo and redo restore the file', async () => {
    const t = await setup();
    const path = await t.flow('linear_flow.py');
    const original = valueOf(await t.api.dispatch('flows.open', { path })) as FlowDocument;
    expect(original.canUndo).toBe(false);
    const changed = original.source.replace('self.message = "hello"', 'self.message = "bye"');
    const after = valueOf(await t.api.dispatch('flows.setSource', { path, source: changed })) as FlowDocument;
    expect(after.canUndo).toBe(true);
    expect(await readFile(path, 'utf8')).toBe(changed);
    const undone = valueOf(await t.api.dispatch('flows.undo', { path })) as FlowDocument;
    expect(undone.source).toBe(original.source);
    expect(await readFile(path, 'utf8')).toBe(original.source);
    expect(undone.canRedo).toBe(true);
    valueOf(await t.api.dispatch('flows.redo', { path }));
    expect(await readFile(path, 'utf8')).toBe(changed);
    expect(await t.api.dispatch('flows.redo', { path })).toMatchObject({ ok: false, error: { code: 'nothing-to-undo' } });
  });

  test('changes with the same mark in a row are one undo step (a burst of typing)', async () => {
    const t = await setup();
    const path = await t.flow('linear_flow.py');
    const original = (valueOf(await t.api.dispatch('flows.open', { path })) as FlowDocument).source;
    for (const n of [1, 2, 3]) valueOf(await t.api.dispatch('flows.setSource', { path, source: `${original}# ${n}\n`, mark: 'typing:1' }));
    const undone = valueOf(await t.api.dispatch('flows.undo', { path })) as FlowDocument;
    expect(undone.source).toBe(original);
    expect(undone.canUndo).toBe(false);
  });

  test('edit is a codemod saved to disk; undo restores; a refused edit says why', async () => {
    const t = await setup();
    const path = await t.flow('linear_flow.py');
    const original = valueOf(await t.api.dispatch('flows.open', { path })) as FlowDocument;
    const edited = valueOf(await t.api.dispatch('flows.edit', { path, edit: { type: 'addStep', name: 'extra', kind: 'step' } })) as FlowDocument;
    expect(edited.graph.steps.map((s) => s.name)).toContain('extra');
    expect(await readFile(path, 'utf8')).toBe(edited.source);
    valueOf(await t.api.dispatch('flows.undo', { path }));
    expect(await readFile(path, 'utf8')).toBe(original.source);
    const refused = await t.api.dispatch('flows.edit', { path, edit: { type: 'connect', from: 'a', to: 'start' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'edit-refused' } });
  });

  test('a file that does not parse keeps the last good graph, with the problem and its line', async () => {
    const t = await setup();
    const path = await t.flow('linear_flow.py');
    const good = valueOf(await t.api.dispatch('flows.open', { path })) as FlowDocument;
    const broken = good.source.replace('def a(self):', 'def a(self:');
    const doc = valueOf(await t.api.dispatch('flows.setSource', { path, source: broken })) as FlowDocument;
    expect(doc.source).toBe(broken);
    expect(doc.graph.steps.map((s) => s.name)).toEqual(['start', 'a', 'b', 'end']);
    expect(doc.graph.problems.length).toBeGreaterThan(0);
    expect(doc.findings.some((f) => f.rule === 'syntax' && f.line > 0)).toBe(true);
  });

  test('a change on disk by another editor emits flow.changed and resets history (not an undo step)', async () => {
    const t = await setup();
    const path = await t.flow('linear_flow.py');
    const doc = valueOf(await t.api.dispatch('flows.open', { path })) as FlowDocument;
    valueOf(await t.api.dispatch('flows.setSource', { path, source: `${doc.source}\n# ours\n` }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(t.events.filter((e) => e.event === 'flow.changed')).toEqual([]); // our own write is no news
    const theirs = `${doc.source}\n# theirs\n`;
    await writeFile(path, theirs);
    const changed = await waitFor(() => t.events.find((e): e is Extract<ApiEvent, { event: 'flow.changed' }> => e.event === 'flow.changed'), 5000, 'flow.changed');
    expect(changed.payload.path).toBe(path);
    expect(changed.payload.document.source).toBe(theirs);
    expect(changed.payload.document.canUndo).toBe(false);
    expect(await t.api.dispatch('flows.undo', { path })).toMatchObject({ ok: false, error: { code: 'nothing-to-undo' } });
  });

  test('each step\'s body and method come from the editor: a body sent back unchanged changes nothing', async () => {
    const t = await setup();
    const path = join(t.dir, 'crlf_flow.py');
    const source = ['from flowbench import FlowSpec, step', '', 'class CrlfFlow(FlowSpec):', '    @step', '    def start(self):', '        """Begin."""', '        self.x = 1', '        self.next(self.end)', '', '    @step', '    def end(self):', '        pass', ''].join('\r\n');
    await writeFile(path, source);
    const doc = valueOf(await t.api.dispatch('flows.open', { path })) as FlowDocument;
    expect(doc.stepText['start']).toEqual({
      body: 'self.x = 1\nself.next(self.end)',
      method: '@step\ndef start(self):\n    """Begin."""\n    self.x = 1\n    self.next(self.end)\n',
    });
    valueOf(await t.api.dispatch('flows.edit', { path, edit: { type: 'setStepBody', step: 'start', body: doc.stepText['start']!.body } }));
    expect(await readFile(path, 'utf8')).toBe(source);
  });

  test('positions live in a hidden sidecar beside the flow, never in the Python', async () => {
    const t = await setup();
    const path = await t.flow('linear_flow.py');
    const source = await readFile(path, 'utf8');
    valueOf(await t.api.dispatch('flows.setPositions', { path, positions: { start: { x: 10, y: 20 }, end: { x: 10, y: 300 } } }));
    const sidecar = JSON.parse(await readFile(join(t.dir, '.linear_flow.py.flowbench.json'), 'utf8'));
    expect(sidecar.positions.start).toEqual({ x: 10, y: 20 });
    expect(await readFile(path, 'utf8')).toBe(source);
    const doc = valueOf(await t.api.dispatch('flows.open', { path })) as FlowDocument;
    expect(doc.positions).toEqual({ start: { x: 10, y: 20 }, end: { x: 10, y: 300 } });
  });

  test('a flow with steps lacking a position comes laid out by the engine; a large one is left to the page', async () => {
    const t = await setup();
    const path = await t.flow('linear_flow.py');
    const fresh = valueOf(await t.api.dispatch('flows.open', { path })) as FlowDocument;
    // Every step, placed as the shared layout module places this graph (what the page would run).
    expect(fresh.layout).toEqual(layoutGraph(fresh.graph));
    expect(Object.keys(fresh.layout!).sort()).toEqual(fresh.graph.steps.map((step) => step.name).sort());
    // One step moved by hand: the rest still needs the layout.
    const moved = valueOf(await t.api.dispatch('flows.setPositions', { path, positions: { start: { x: 5, y: 5 } } })) as FlowDocument;
    expect(moved.layout).toEqual(fresh.layout);
    // Every step placed by hand: nothing to lay out.
    const everyStep = Object.fromEntries(fresh.graph.steps.map((step, i) => [step.name, { x: 0, y: 100 * i }]));
    const placed = valueOf(await t.api.dispatch('flows.setPositions', { path, positions: everyStep })) as FlowDocument;
    expect(placed.layout).toBeUndefined();

    const large = join(t.dir, 'large_flow.py');
    const chain = Array.from({ length: LAYOUT_IN_ENGINE_MAX_STEPS }, (_, i) => `s${i}`);
    const method = (name: string, next: string): string => `    @step\n    def ${name}(self):\n        self.next(self.${next})\n`;
    const steps = [method('start', chain[0]!), ...chain.map((name, i) => method(name, chain[i + 1] ?? 'end')), '    @step\n    def end(self):\n        pass\n'];
    await writeFile(large, `from flowbench import FlowSpec, step\n\n\nclass LargeFlow(FlowSpec):\n${steps.join('\n')}`);
    const big = valueOf(await t.api.dispatch('flows.open', { path: large })) as FlowDocument;
    expect(big.graph.steps).toHaveLength(LAYOUT_IN_ENGINE_MAX_STEPS + 2);
    expect(big.layout).toBeUndefined();
  });
});

describe('fs.list', () => {
  test('lists folders and .py files only, hidden left out, and marks flows', async () => {
    const t = await setup();
    await t.flow('linear_flow.py');
    await writeFile(join(t.dir, 'helpers.py'), 'def f():\n    return 1\n');
    await writeFile(join(t.dir, 'notes.txt'), 'x');
    await writeFile(join(t.dir, '.hidden.py'), 'x');
    await mkdir(join(t.dir, 'sub'));
    const listing = valueOf(await t.api.dispatch('fs.list', {})) as { dir: string; parent: string | null; entries: { name: string; kind: string; isFlow: boolean }[] };
    expect(listing.dir).toBe(t.dir);
    expect(listing.entries.map((e) => [e.name, e.kind, e.isFlow])).toEqual([
      ['sub', 'dir', false],
      ['helpers.py', 'file', false],
      ['linear_flow.py', 'file', true],
    ]);
  });

  test('confined to a root, it refuses every way out: .., absolute paths, symlinks, NUL', async () => {
    const t = await setup();
    const root = join(t.dir, 'root');
    await mkdir(join(root, 'inner'), { recursive: true });
    await symlink('/etc', join(root, 'escape'));
    const confined = await setup({ root });
    const listing = valueOf(await confined.api.dispatch('fs.list', {})) as { dir: string; parent: string | null };
    expect(listing.dir).toBe(root);
    expect(listing.parent).toBeNull();
    expect(valueOf(await confined.api.dispatch('fs.list', { dir: join(root, 'inner') }))).toMatchObject({ parent: root });
    for (const dir of [join(root, '..'), '/etc', join(root, 'escape'), join(root, 'inner', '..', '..'), `${root}/\u0007`]) {
      expect(await confined.api.dispatch('fs.list', { dir }), dir).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
    }
    expect(await confined.api.dispatch('fs.list', { dir: `${root}\0` })).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
    expect(await confined.api.dispatch('flows.open', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
  });
});

describe('runs', () => {
  test('runs.start streams run.event until run-finished; runs.get, tasks.logs and artifacts.get read it back', async () => {
    const t = await setup();
    const path = await t.flow('foreach_flow.py');
    const ref = valueOf(await t.api.dispatch('runs.start', { path, parameters: { width: '2' }, tags: ['try'] })) as RunRef;
    expect(ref.pathspec).toBe(`ForeachFlow/${ref.runId}`);
    // While it runs, runs.get already shows live tasks.
    const first = valueOf(await t.api.dispatch('runs.get', { pathspec: ref.pathspec })) as RunDetails;
    expect(first.run.status).toBe('running');
    await waitFor(() => t.events.some((e) => e.event === 'run.event' && e.payload.event.type === 'run-finished'), 60_000, 'run-finished');
    const runEvents = t.events.filter((e): e is Extract<ApiEvent, { event: 'run.event' }> => e.event === 'run.event');
    expect(runEvents.every((e) => e.payload.pathspec === ref.pathspec)).toBe(true);
    const types = runEvents.map((e) => e.payload.event.type);
    expect(types[0]).toBe('run-started');
    expect(types).toContain('task-queued');
    expect(types).toContain('task-log');
    expect(types.at(-1)).toBe('run-finished');

    const details = valueOf(await t.api.dispatch('runs.get', { pathspec: ref.pathspec })) as RunDetails;
    expect(details.run).toMatchObject({ status: 'succeeded', user: 'tester', parameters: { width: 2 } });
    expect(details.run.tags).toEqual(expect.arrayContaining(['try', 'user:tester']));
    expect(details.code).toBe(await readFile(path, 'utf8'));
    expect(details.graph.steps.map((s) => s.name)).toEqual(['start', 'train', 'join', 'end']);
    expect(details.tasks.map((task) => [task.step, task.status])).toEqual([
      ['start', 'succeeded'],
      ['train', 'succeeded'],
      ['train', 'succeeded'],
      ['join', 'succeeded'],
      ['end', 'succeeded'],
    ]);
    const train = details.tasks.filter((task) => task.step === 'train');
    expect(train.map((task) => [task.foreachIndex, task.foreachWidth])).toEqual([[0, 2], [1, 2]]);
    expect(train[0]!.artifacts.find((a) => a.name === 'score')).toMatchObject({ type: 'float' });

    const end = details.tasks.find((task) => task.step === 'end')!;
    expect(valueOf(await t.api.dispatch('tasks.logs', { pathspec: end.pathspec, stream: 'stdout' }))).toEqual({ text: 'best 1.0\n', attempt: 0 });
    expect(valueOf(await t.api.dispatch('artifacts.get', { pathspec: details.tasks.find((task) => task.step === 'join')!.pathspec, name: 'scores' }))).toEqual({ kind: 'json', value: [0.5, 1] });
    expect(await t.api.dispatch('artifacts.get', { pathspec: end.pathspec, name: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await t.api.dispatch('tasks.logs', { pathspec: ref.pathspec, stream: 'stdout' })).toMatchObject({ ok: false, error: { code: 'bad-argument' } });

    const list = valueOf(await t.api.dispatch('runs.list', { flow: 'ForeachFlow' })) as { pathspec: string; durationMs: number | null }[];
    expect(list.map((r) => r.pathspec)).toEqual([ref.pathspec]);
    expect(list[0]!.durationMs).toBeGreaterThanOrEqual(0);

    // The parameters are remembered for the next run of this file.
    const doc = valueOf(await t.api.dispatch('flows.open', { path })) as FlowDocument;
    expect(doc.recentParameters).toEqual({ width: '2' });
  });

  test('a bad parameter is refused before anything runs, with a clear code', async () => {
    const t = await setup();
    const path = await t.flow('foreach_flow.py');
    const result = await t.api.dispatch('runs.start', { path, parameters: { width: 'many' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-parameter' } });
    expect(await t.api.dispatch('runs.start', { path, backend: 'cloud' })).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
  });

  test('runs.cancel stops a live run; live statuses show running tasks before', async () => {
    const t = await setup();
    const path = await t.flow('slow_flow.py');
    const ref = valueOf(await t.api.dispatch('runs.start', { path })) as RunRef;
    await waitFor(() => t.events.some((e) => e.event === 'run.event' && e.payload.event.type === 'task-log' && e.payload.event.line.startsWith('waiting')), 30_000, 'a waiting task');
    const live = valueOf(await t.api.dispatch('runs.get', { pathspec: ref.pathspec })) as RunDetails;
    expect(live.tasks.filter((task) => task.step === 'wait').map((task) => task.status)).toContain('running');
    expect(live.tasks.find((task) => task.step === 'start')!.status).toBe('succeeded');
    valueOf(await t.api.dispatch('runs.cancel', { pathspec: ref.pathspec }));
    await waitFor(() => t.events.some((e) => e.event === 'run.event' && e.payload.event.type === 'run-finished'), 30_000, 'run-finished');
    const after = valueOf(await t.api.dispatch('runs.get', { pathspec: ref.pathspec })) as RunDetails;
    expect(after.run.status).toBe('cancelled');
    expect(await t.api.dispatch('runs.cancel', { pathspec: ref.pathspec })).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
  });

  test('runs.list asked for on run-finished shows the run ended, however soon after the last catch-up', async () => {
    // The index would otherwise look at the store again only an hour after its last look.
    const t = await setup({ indexRefreshEveryMs: 3_600_000 });
    const path = await t.flow('slow_flow.py');
    const ref = valueOf(await t.api.dispatch('runs.start', { path })) as RunRef;
    await waitFor(() => t.events.some((e) => e.event === 'run.event' && e.payload.event.type === 'task-log' && e.payload.event.line.startsWith('waiting')), 30_000, 'a waiting task');
    const statusIn = async (): Promise<string | undefined> =>
      (valueOf(await t.api.dispatch('runs.list', { flow: ref.flow })) as { pathspec: string; status: string }[]).find((run) => run.pathspec === ref.pathspec)?.status;
    expect(await statusIn()).toBe('running');
    valueOf(await t.api.dispatch('runs.cancel', { pathspec: ref.pathspec }));
    await waitFor(() => t.events.some((e) => e.event === 'run.event' && e.payload.event.type === 'run-finished'), 30_000, 'run-finished');
    expect(await statusIn()).toBe('cancelled');
  });

  test('runs.get of a past run shows the code it ran, not the file as it is now', async () => {
    const t = await setup();
    const path = await t.flow('linear_flow.py');
    const ref = valueOf(await t.api.dispatch('runs.start', { path })) as RunRef;
    await waitFor(() => t.events.some((e) => e.event === 'run.event' && e.payload.event.type === 'run-finished'), 60_000, 'run-finished');
    const before = await readFile(path, 'utf8');
    valueOf(await t.api.dispatch('flows.setSource', { path, source: before.replace('def b(self):', 'def bee(self):').replace('self.next(self.b)', 'self.next(self.bee)') }));
    const details = valueOf(await t.api.dispatch('runs.get', { pathspec: ref.pathspec })) as RunDetails;
    expect(details.code).toBe(before);
    expect(details.graph.steps.map((s) => s.name)).toEqual(['start', 'a', 'b', 'end']);
  });
});
