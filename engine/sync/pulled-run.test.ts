import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../store/run-store.js';
import { tempHome } from '../testing/cli-harness.js';
import { writePulledRun } from './pulled-run.js';
import type { RunBundle } from './run-bundle.js';

const at = '2026-12-01T12:00:00.000Z';
const bundle: RunBundle = {
  version: 1,
  run: { version: 1, flow: 'TeamFlow', runId: '01M8SVWNXB7QQTQK6SA9X8NBBG', flowFile: '/home/alice/team_flow.py', codeSha: 'c'.repeat(64), user: 'alice', tags: ['user:alice'], parameters: { alpha: 1 }, startedAt: at, backend: 'local', maxWorkers: 2, engine: { host: 'alice-laptop', pid: 4242 } },
  end: { version: 1, status: 'succeeded', finishedAt: at },
  tasks: [{
    step: 'start',
    taskId: '1',
    task: { version: 1, step: 'start', taskId: '1', status: 'succeeded', startedAt: at, finishedAt: at, attempts: 1, splitStack: [], inputs: [], artifacts: {} },
    attempts: [{ attempt: 0, start: { version: 1, attempt: 0, startedAt: at, backend: 'local' }, end: null, stdout: { text: 'hello\n' }, stderr: null }],
  }],
};

describe('a pulled run in the local store', () => {
  it('appears whole, marked pulled, with its logs; a second write is refused', async () => {
    const store = RunStore.open(await tempHome());
    expect(await writePulledRun(store, bundle, 'team')).toBe(true);
    const run = await store.requireRun('TeamFlow', bundle.run.runId);
    expect(run.status).toBe('succeeded');
    expect(run.record.user).toBe('alice');
    expect((await store.listTasks('TeamFlow', bundle.run.runId)).map((task) => task.step)).toEqual(['start']);
    const keys = store.attemptKeys('TeamFlow', bundle.run.runId, 'start', '1', 0);
    expect(Buffer.from((await store.storage.get(keys.stdout))!).toString()).toBe('hello\n');
    expect(await store.readJson(`runs/TeamFlow/${bundle.run.runId}/pulled.json`)).toMatchObject({ remote: 'team' });
    expect(await writePulledRun(store, bundle, 'team')).toBe(false);
    expect(await readdir(join(store.root, 'runs', 'TeamFlow'))).toEqual([bundle.run.runId]); // no staging folder left
  });

  it('moves records in one by one when the run’s folder exists already (a tag event came first)', async () => {
    const store = RunStore.open(await tempHome());
    const tagKey = `runs/TeamFlow/${bundle.run.runId}/tags/01M8SVZRVAER09ZVJQ8JG37FAV.json`;
    await store.storage.put(tagKey, Buffer.from(JSON.stringify({ version: 1, op: 'add', tag: 'baseline', user: 'bob', at })));
    expect(await writePulledRun(store, bundle, 'team')).toBe(true);
    const run = await store.requireRun('TeamFlow', bundle.run.runId);
    expect(await store.tagsOf(run.record)).toEqual(['user:alice', 'baseline']);
    expect(await readdir(join(store.root, 'runs', 'TeamFlow'))).toEqual([bundle.run.runId]);
  });
});
