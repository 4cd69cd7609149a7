/** SyncReadStorage answers as LocalByteStorage does, over the same folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalByteStorage } from '../store/local-byte-storage.js';
import { SyncReadStorage } from './sync-read-storage.js';

const root = mkdtempSync(join(tmpdir(), 'flowbench-sync-read-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('SyncReadStorage', () => {
  it('gives the same answers as LocalByteStorage: get, has, children, list', async () => {
    const local = new LocalByteStorage(root);
    const sync = new SyncReadStorage(root);
    const run = 'runs/F/01J';
    for (const key of [`${run}/run.json`, `${run}/end.json`, `${run}/tasks/start/1/task.json`, `${run}/tasks/train/2/task.json`, `${run}/tasks/train/2/attempt-0/start.json`, `${run}/tags/01.json`]) {
      await local.put(key, Buffer.from(`{"key": "${key}"}`));
    }
    // A write in progress leaves a temporary file beside its target: neither lists it.
    await local.put(`${run}/tasks/train/3/task.json.tmp-1-abc`, Buffer.from('{'));
    const keys = [`${run}/run.json`, `${run}/nope.json`, `${run}/tasks/start/1/task.json`, 'runs/Nope/x/run.json'];
    for (const key of keys) {
      expect(await sync.get(key)).toEqual(await local.get(key));
      expect(await sync.has(key)).toBe(await local.has(key));
    }
    for (const prefix of ['', 'runs/', `${run}/`, `${run}/tags/`, `${run}/missing/`, 'runs/Nope/']) {
      expect(await sync.children(prefix)).toEqual(await local.children(prefix));
    }
    for (const prefix of [`${run}/tasks/`, `${run}/tasks/train/`, `${run}/tasks/tr`, `${run}/`, 'runs/Nope/']) {
      expect(await sync.list(prefix)).toEqual(await local.list(prefix));
    }
    expect(await sync.list(`${run}/tasks/`)).toHaveLength(3);
  });
});
