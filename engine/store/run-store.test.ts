import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempHome } from '../testing/cli-harness.js';
import { NO_SUCH_PID } from '../testing/dead-writer.js';
import type { RunRecord } from './records.js';
import { newRunId, runIdTime } from './run-id.js';
import { RunStore } from './run-store.js';

function record(runId: string, engine: RunRecord['engine'], startedAt = new Date().toISOString()): RunRecord {
  return { version: 1, flow: 'F', runId, flowFile: '/f.py', codeSha: '0'.repeat(64), user: 'u', tags: [], parameters: {}, startedAt, backend: 'local', maxWorkers: 1, engine };
}

describe('a run without an end record', () => {
  it('of this host reads as failed once its engine is gone, and its scratch folder goes', async () => {
    const home = await tempHome();
    const store = RunStore.open(home);
    const live = newRunId();
    const dead = newRunId();
    await store.writeRun(record(live, { host: hostname(), pid: process.pid }));
    await store.writeRun(record(dead, { host: hostname(), pid: NO_SUCH_PID }));
    await mkdir(join(store.workDir(live), '1-0'), { recursive: true });
    await mkdir(join(store.workDir(dead), '1-0'), { recursive: true });
    expect((await store.getRun('F', live))?.status).toBe('running');
    expect(await store.getRun('F', dead)).toMatchObject({ status: 'failed', statusNote: /stopped before it finished/ });
    expect(existsSync(store.workDir(dead))).toBe(false);
    expect(existsSync(store.workDir(live))).toBe(true);
  });

  it('is ended as failed only when its engine is certainly gone, once, and then reads as ended', async () => {
    const store = RunStore.open(await tempHome());
    const live = newRunId();
    const dead = newRunId();
    const lost = newRunId();
    await store.writeRun(record(live, { host: hostname(), pid: process.pid }));
    await store.writeRun(record(dead, { host: hostname(), pid: NO_SUCH_PID }));
    await store.writeRun(record(lost, { host: 'another-host.example', pid: 4242 }, new Date(Date.now() - 3_600_000).toISOString()));

    expect(await store.endDeadRun('F', live)).toBe(false);
    expect(await store.endDeadRun('F', lost)).toBe(false); // judged lost from here, not certainly dead
    expect(await store.endDeadRun('F', dead)).toBe(true);
    expect(await store.endDeadRun('F', dead)).toBe(true); // ended already: nothing more is written
    expect(await store.getRun('F', dead)).toMatchObject({
      status: 'failed',
      end: { status: 'failed', message: 'The engine running it stopped before it finished.' },
    });
    expect(await store.storage.has(`runs/F/${live}/end.json`)).toBe(false);
    expect(await store.storage.has(`runs/F/${lost}/end.json`)).toBe(false);
    expect(await store.endDeadRun('F', newRunId())).toBe(false); // no such run
  });

  it('of another host is running while its heartbeat is fresh, and "engine lost" once it is old', async () => {
    const home = await tempHome();
    const store = new RunStore(RunStore.open(home).storage, { engineLostAfterMs: 60_000 });
    const elsewhere = { host: 'another-host.example', pid: 4242 };
    const fresh = newRunId();
    const stale = newRunId();
    const silent = newRunId();
    const young = newRunId();
    const longAgo = new Date(Date.now() - 3_600_000).toISOString();
    await store.writeRun(record(fresh, elsewhere, longAgo));
    await store.writeRun(record(stale, elsewhere, longAgo));
    await store.writeRun(record(silent, elsewhere, longAgo)); // from an engine that wrote no heartbeat
    await store.writeRun(record(young, elsewhere)); // just started, no heartbeat yet
    const beat = (at: number) => Buffer.from(JSON.stringify({ version: 1, at: new Date(at).toISOString(), host: elsewhere.host, pid: elsewhere.pid }));
    await store.storage.put(`runs/F/${fresh}/heartbeat`, beat(Date.now() - 5_000));
    await store.storage.put(`runs/F/${stale}/heartbeat`, beat(Date.now() - 600_000));
    await mkdir(store.workDir(stale), { recursive: true });

    expect((await store.getRun('F', fresh))?.status).toBe('running');
    expect((await store.getRun('F', young))?.status).toBe('running');
    const lost = await store.getRun('F', stale);
    expect(lost).toMatchObject({ status: 'failed', statusNote: /^engine lost: no heartbeat from its engine on another-host\.example since / });
    expect(await store.getRun('F', silent)).toMatchObject({ status: 'failed', statusNote: /^engine lost/ });
    // Another host's scratch is not ours to judge dead for certain: it stays.
    expect(existsSync(store.workDir(stale))).toBe(true);
  });

  it('has a heartbeat while it is live, rewritten in place, and none once stopped', async () => {
    const store = RunStore.open(await tempHome());
    const runId = newRunId();
    await store.writeRun(record(runId, { host: hostname(), pid: process.pid }));
    const stop = store.startHeartbeat('F', runId, 20);
    const file = join(store.root, 'runs', 'F', runId, 'heartbeat');
    // Not at once: until the first interval, the run's start is its last sign of life.
    expect(existsSync(file)).toBe(false);
    const first = await waitFor(async () => (existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) : null));
    expect(first).toMatchObject({ version: 1, host: hostname(), pid: process.pid });
    const later = await waitFor(async () => {
      const now = JSON.parse(await readFile(file, 'utf8'));
      return now.at !== first.at ? now : null;
    });
    expect(Date.parse(later.at)).toBeGreaterThan(Date.parse(first.at));
    await stop();
    expect(existsSync(file)).toBe(false);
    expect((await readdir(join(store.root, 'runs', 'F', runId))).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });
});

describe('a damaged record', () => {
  it('is listed as damaged with its file, and every other run is still listed (store, CLI)', async () => {
    const home = await tempHome();
    const store = RunStore.open(home);
    const [a, b, c, d] = [1, 2, 3, 4].map((i) => newRunId(Date.now() - i * 1000));
    for (const id of [a!, b!, c!, d!]) await store.writeRun(record(id, { host: 'elsewhere', pid: 1 }));
    await store.writeRunEnd('F', a!, { version: 1, status: 'succeeded', finishedAt: new Date().toISOString() });
    const runJson = join(home, 'runs', 'F', b!, 'run.json');
    const text = await readFile(runJson, 'utf8');
    await writeFile(runJson, text.slice(0, text.length / 2)); // truncated by a power loss
    await writeFile(join(home, 'runs', 'F', c!, 'end.json'), '');
    await writeFile(join(home, 'runs', 'F', d!, 'end.json'), '[1, 2]'); // JSON, but not an end record

    const runs = await store.listRuns('F');
    expect(runs.map((run) => run.record.runId)).toEqual([a, b, c, d]);
    expect(runs[0]).toMatchObject({ status: 'succeeded' });
    expect(runs[0]!.damaged).toBeUndefined();
    expect(runs[1]).toMatchObject({ status: 'failed', damaged: { file: runJson, message: expect.stringContaining('is corrupt') } });
    expect(runs[1]!.record.startedAt).toBe(new Date(runIdTime(b!)!).toISOString()); // what the folder's name tells
    expect(runs[2]).toMatchObject({ status: 'failed', damaged: { file: join(home, 'runs', 'F', c!, 'end.json') } });
    expect(runs[3]).toMatchObject({ status: 'failed', damaged: { message: expect.stringContaining('not a Flowbench record') } });

    const listed = await cli(['runs', 'F', '--json', '--namespace', 'all'], home);
    expect(listed.code, listed.stderr).toBe(0);
    const json = JSON.parse(listed.stdout);
    expect(json.map((run: { run: string }) => run.run)).toEqual([a, b, c, d]);
    expect(json[1]).toMatchObject({ status: 'failed', damaged: { file: runJson } });
    const table = await cli(['runs', '--namespace', 'all'], home);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n').filter((line) => line.includes('damaged'))).toHaveLength(3);
    expect(table.stderr).toContain(`F/${b} is damaged: ${runJson}`);
  });
});

describe('LocalByteStorage writes', () => {
  it('a failed write leaves no temporary file behind', async () => {
    const home = await tempHome();
    const store = RunStore.open(home);
    // A folder stands where the object would go: the rename over it fails (EISDIR/ENOTEMPTY).
    await mkdir(join(home, 'runs', 'F', 'R', 'heartbeat', 'x'), { recursive: true });
    await expect(store.storage.put('runs/F/R/heartbeat', Buffer.from('1'))).rejects.toThrow();
    expect((await readdir(join(home, 'runs', 'F', 'R'))).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });
});

async function waitFor<T>(probe: () => Promise<T | null>): Promise<T> {
  for (let i = 0; i < 500; i += 1) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('timed out');
}
