import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { updateConfigFile } from '../config/config.js';
import { RunStore } from '../store/run-store.js';
import { addRemote } from '../sync/remotes.js';
import { freshRemote, s3Endpoint, skipWithoutS3, useTestCredentials } from '../testing/s3-remote.js';
import type { RunRef, RunSummary, SyncStatus } from './contract.js';
import { testApi, valueOf, waitFor, type TestApi } from './test-support/test-api.js';

describe('sharing through the API without a remote', () => {
  let t: TestApi;
  afterEach(async () => t.close());

  it('reports no remotes, and a sync asks for one in a sentence', async () => {
    t = await testApi();
    expect(valueOf(await t.api.dispatch('sync.status', {}))).toEqual({ remotes: [], pendingRuns: 0, pushedRuns: 0, lastSync: null, inProgress: null, lastError: null });
    const result = await t.api.dispatch('sync.run', {});
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^No remote is configured\. Add one with "flowbench remote add/) } });
  });

  it('refuses a tag with a space, and a tag on a step', async () => {
    t = await testApi();
    expect(await t.api.dispatch('tags.add', { pathspec: 'F/01M8SVWNXB7QQTQK6SA9X8NBBG', tags: ['two words'] })).toMatchObject({ ok: false, error: { message: expect.stringContaining('is not a tag') } });
    expect(await t.api.dispatch('tags.add', { pathspec: 'F/01M8SVWNXB7QQTQK6SA9X8NBBG/start', tags: ['x'] })).toMatchObject({ ok: false, error: { message: expect.stringContaining('tags belong to a run') } });
  });
});

describe.skipIf(skipWithoutS3())('sharing through the API with a remote', () => {
  let t: TestApi;
  beforeAll(() => useTestCredentials());
  afterEach(async () => t.close());

  it('autoPush sends a run started in the app when it finishes; status, progress, tags and a pull follow', async () => {
    t = await testApi();
    const remote = await freshRemote();
    await addRemote(t.home, 'team', { url: remote.url, endpoint: s3Endpoint! });
    await updateConfigFile(t.home, (file) => ({ ...file, autoPush: true }));

    const ref = valueOf(await t.api.dispatch('runs.start', { path: await t.flow('linear_flow.py') })) as RunRef;
    // The run ends, then goes up by itself: the status shows it pushed and nothing pending.
    await waitFor(() => t.events.some((e) => e.event === 'sync.progress' && e.payload.phase === 'push' && e.payload.done), 60_000, 'the autoPush');
    const after = valueOf(await t.api.dispatch('sync.status', {})) as SyncStatus;
    expect(after.remotes).toEqual([{ name: 'team', url: remote.url, endpoint: s3Endpoint, isDefault: true }]);
    expect(after).toMatchObject({ pendingRuns: 0, pushedRuns: 1, inProgress: null, lastError: null });
    expect(after.lastSync?.summary.pushedRuns).toBe(1);

    const tagged = valueOf(await t.api.dispatch('tags.add', { pathspec: ref.pathspec, tags: ['candidate'] })) as RunSummary;
    expect(tagged.tags).toEqual(['user:tester', 'candidate']);
    expect(valueOf(await t.api.dispatch('sync.run', { direction: 'push' }))).toMatchObject({ pushedRuns: 0 });

    // A teammate's app pulls it (tag included).
    const other = await testApi();
    try {
      await addRemote(other.home, 'team', { url: remote.url, endpoint: s3Endpoint! });
      expect(valueOf(await other.api.dispatch('sync.run', {}))).toMatchObject({ pulledRuns: 1, pushedRuns: 0 });
      const store = RunStore.open(other.home);
      const pulled = await store.requireRun(ref.flow, ref.runId);
      expect(await store.tagsOf(pulled.record)).toEqual(['user:tester', 'candidate']);
    } finally {
      await other.close();
    }
  });

  it('an unreachable remote is the sync’s error, kept for the status; the run is unaffected', async () => {
    t = await testApi();
    await addRemote(t.home, 'team', { url: 's3://nowhere/team', endpoint: 'http://127.0.0.1:9' });
    await updateConfigFile(t.home, (file) => ({ ...file, autoPush: true }));
    const ref = valueOf(await t.api.dispatch('runs.start', { path: await t.flow('linear_flow.py') })) as RunRef;
    let status = valueOf(await t.api.dispatch('sync.status', {})) as SyncStatus;
    for (const deadline = Date.now() + 60_000; status.lastError === null && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = valueOf(await t.api.dispatch('sync.status', {})) as SyncStatus;
    }
    expect(status.lastError).toMatch(/^Cannot reach remote "team"/);
    expect(status.pendingRuns).toBe(1);
    expect((await RunStore.open(t.home).requireRun(ref.flow, ref.runId)).status).toBe('succeeded');
  });
});
