import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OrderedWrites } from './ordered-writes.js';
import { RunStore } from './run-store.js';
import type { TaskRecord } from './records.js';

const folder = (): Promise<string> => mkdtemp(join(tmpdir(), 'flowbench-ordered-'));

describe('OrderedWrites', () => {
  it('returns before the record exists, makes the folder at once, and the record appears whole once settled', async () => {
    const root = await folder();
    const writes = new OrderedWrites();
    const target = join(root, 'tasks', 'start', '1', 'attempt-0', 'start.json');
    await writes.write(target, Buffer.from('{"attempt": 0}\n'));
    expect(existsSync(join(root, 'tasks', 'start', '1', 'attempt-0'))).toBe(true); // a task's logs go there
    expect(existsSync(target)).toBe(false);
    await writes.settled();
    expect(readFileSync(target, 'utf8')).toBe('{"attempt": 0}\n');
    expect(readdirSync(join(root, 'tasks', 'start', '1', 'attempt-0'))).toEqual(['start.json']); // no temporary left
  });

  it('after a failed write makes no later one, and says why to settled() and to every later write', async () => {
    const root = await folder();
    const writes = new OrderedWrites();
    writeFileSync(join(root, 'task.json'), 'there first');
    await writes.write(join(root, 'task.json'), Buffer.from('mine'));
    await writes.settled().then(
      () => expect.unreachable('the name was taken'),
      (error: Error) => expect(error.message).toMatch(/task\.json already exists; records are written once/),
    );
    await expect(writes.write(join(root, 'later.json'), Buffer.from('{}'))).rejects.toThrow(/already exists/);
    await expect(writes.settled()).rejects.toThrow(/already exists/);
    expect(readFileSync(join(root, 'task.json'), 'utf8')).toBe('there first');
    expect(readdirSync(root)).toEqual(['task.json']); // nothing later linked, no temporary left
  });

  it('a write waiting behind a failed one is not made', async () => {
    const root = await folder();
    const writes = new OrderedWrites();
    writeFileSync(join(root, 'first.json'), 'there first');
    await writes.write(join(root, 'first.json'), Buffer.from('mine'));
    await writes.write(join(root, 'second.json'), Buffer.from('{}')); // the same batch, after the failure
    await expect(writes.settled()).rejects.toThrow(/first\.json already exists/);
    expect(readdirSync(root)).toEqual(['first.json']);
  });
});

describe('RunStore with records written in the background', () => {
  const task: TaskRecord = {
    version: 1,
    step: 'start',
    taskId: '1',
    status: 'succeeded',
    startedAt: '2026-12-02T00:00:00.000Z',
    finishedAt: '2026-12-02T00:00:01.000Z',
    attempts: 1,
    splitStack: [],
    inputs: [],
    artifacts: {},
  };

  it('reads in the same process see a record as soon as it is written', async () => {
    const store = RunStore.open(await folder());
    await store.writeTask('F', '01M8VB00000000000000000000', task);
    expect(await store.readJson<TaskRecord>('runs/F/01M8VB00000000000000000000/tasks/start/1/task.json')).toEqual(task);
    expect((await store.listTasks('F', '01M8VB00000000000000000000')).map((t) => t.taskId)).toEqual(['1']);
  });

  it('a record that could not be written fails recordsWritten(), and the end record is written all the same', async () => {
    const root = await folder();
    const store = RunStore.open(root);
    const runId = '01M8VB00000000000000000001';
    await store.writeTask('F', runId, task);
    await store.writeTask('F', runId, task); // the same record twice: refused
    await expect(store.recordsWritten(runId)).rejects.toThrow(/already exists; records are written once/);
    await store.writeRunEnd('F', runId, { version: 1, status: 'failed', finishedAt: '2026-12-02T00:00:02.000Z', message: 'a record failed' });
    expect(JSON.parse(readFileSync(join(root, 'runs', 'F', runId, 'end.json'), 'utf8')).status).toBe('failed');
  });

  it('a record that could not be written fails its own run only: the next run of a long-lived engine writes as usual', async () => {
    const root = await folder();
    const store = RunStore.open(root);
    const [failing, next] = ['01M8VB00000000000000000002', '01M8VB00000000000000000003'];
    await store.writeTask('F', failing, task);
    await store.writeTask('F', failing, task);
    await expect(store.recordsWritten(failing)).rejects.toThrow(/already exists/);
    await store.writeTask('F', next, task);
    await store.recordsWritten(next);
    expect(existsSync(join(root, 'runs', 'F', next, 'tasks', 'start', '1', 'task.json'))).toBe(true);
  });
});
