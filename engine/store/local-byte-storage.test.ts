import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempHome } from '../testing/cli-harness.js';
import { LocalByteStorage } from './local-byte-storage.js';
import { RunStore } from './run-store.js';

describe('LocalByteStorage', () => {
  it('writes once with ifAbsent, lists by prefix, and names the children of a folder', async () => {
    const storage = new LocalByteStorage(await tempHome());
    expect(await storage.put('runs/F/r1/run.json', Buffer.from('a'), { ifAbsent: true })).toBe(true);
    expect(await storage.put('runs/F/r1/run.json', Buffer.from('b'), { ifAbsent: true })).toBe(false);
    expect(Buffer.from((await storage.get('runs/F/r1/run.json'))!).toString()).toBe('a');
    await storage.put('runs/F/r2/tasks/start/1/task.json', Buffer.from('{}'));
    await storage.put('runs/G/r3/run.json', Buffer.from('{}'));
    expect(await storage.list('runs/F/')).toEqual(['runs/F/r1/run.json', 'runs/F/r2/tasks/start/1/task.json']);
    expect(await storage.children('runs/')).toEqual(['F', 'G']);
    expect(await storage.children('runs/F/')).toEqual(['r1', 'r2']);
    expect(await storage.children('runs/Nope/')).toEqual([]);
    expect(() => storage.pathOf('runs/../../etc/passwd')).toThrow(/Unsafe storage key/);
  });

  it('lists runs from their folders, skipping what is not a run', async () => {
    const home = await tempHome();
    const store = RunStore.open(home);
    const record = { version: 1, flow: 'F', flowFile: '/f.py', codeSha: '0'.repeat(64), user: 'u', tags: [], parameters: {}, startedAt: '', backend: 'local', maxWorkers: 1 } as const;
    await store.writeRun({ ...record, runId: 'A1', engine: { host: 'elsewhere', pid: 1 } });
    await store.writeRun({ ...record, runId: 'B2', engine: { host: 'elsewhere', pid: 1 } });
    await mkdir(join(home, 'runs', 'F', 'not a run'), { recursive: true });
    await mkdir(join(home, 'runs', 'F', 'C3'), { recursive: true }); // a folder without run.json
    await writeFile(join(home, 'runs', 'F', 'stray.txt'), '');
    expect((await store.listRuns('F')).map((run) => run.record.runId)).toEqual(['B2', 'A1']);
    expect(await store.flows()).toEqual(['F']);
  });
});
