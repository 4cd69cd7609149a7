import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../store/run-store.js';
import { freshRemote, onAws, s3Endpoint, s3Env, skipWithoutS3, StoppableProxy, testClient, testCredentials, useTestCredentials, type TestRemote } from '../testing/s3-remote.js';
import { updateConfigFile } from '../config/config.js';
import { collect, runFlow, spawnCli } from '../testing/cli-harness.js';
import { ageAsLeftover, NO_SUCH_PID } from '../testing/dead-writer.js';
import { allFiles, blobPath, shareFlow, taskRecord, teammate, templateHome } from './sync-test-support.js';

const SLEEPER_FLOW = fileURLToPath(new URL('../backends/local/fixtures/sleeper_flow.py', import.meta.url));

// Two people (two stores, two FLOWBENCH_USERs) sharing one bucket on a real S3 server (moto from
// scripts/provision.sh s3, or AWS S3: see README "Sharing runs through S3").
describe.skipIf(skipWithoutS3())('sync between teammates over S3', () => {
  let alice: { home: string; pathspec: string };
  let bob: { home: string; pathspec: string };

  beforeAll(async () => {
    useTestCredentials();
    [alice, bob] = await Promise.all([templateHome('alice'), templateHome('bob')]);
  }, 120_000);

  const objectKeys = async (remote: TestRemote, under: string): Promise<string[]> => {
    const client = testClient();
    const listed = await client.send(new ListObjectsV2Command({ Bucket: remote.bucket, Prefix: `${remote.prefix}${under}` }));
    client.destroy();
    return (listed.Contents ?? []).map((object) => object.Key!);
  };

  it('two users push and pull and see each other’s runs; a blob both made is stored once; blobs come when opened', async () => {
    const remote = await freshRemote();
    const a = await teammate('alice', alice, remote);
    const b = await teammate('bob', bob, remote);

    const aPush = await a.sync('push');
    expect(aPush).toEqual({ pushed_runs: 1, pulled_runs: 0, bytes_up: aPush.bytes_up, bytes_down: 0 });
    expect(aPush.bytes_up).toBeGreaterThan(1_000_000); // the ~1 MB shared artifact went up
    const bSync = await b.sync('sync');
    expect(bSync.pulled_runs).toBe(1);
    expect(bSync.pushed_runs).toBe(1);
    // Bob's copy of the shared artifact is the same content: already in the bucket, not sent again.
    expect(bSync.bytes_up).toBeLessThan(500_000);
    expect((await a.sync('pull')).pulled_runs).toBe(1);

    // Both see both runs, each marked as its author's; the teammate's is marked pulled.
    for (const person of [a, b]) {
      const listed = await person.cli(['runs', 'ShareFlow', '--namespace', 'all', '--json']);
      expect(listed.code).toBe(0);
      const runs = JSON.parse(listed.stdout) as { pathspec: string; user: string }[];
      expect(runs.map((run) => run.pathspec).sort()).toEqual([alice.pathspec, bob.pathspec].sort());
    }
    expect(existsSync(join(b.home, 'runs', ...alice.pathspec.split('/'), 'pulled.json'))).toBe(true);
    expect(existsSync(join(a.home, 'runs', ...alice.pathspec.split('/'), 'pulled.json'))).toBe(false);

    // Stored once: the shared artifact has one key (content-addressed), and the bucket holds each
    // distinct blob once.
    const aStart = await taskRecord(a.home, alice.pathspec, 'start');
    const bStart = await taskRecord(b.home, bob.pathspec, 'start');
    expect(aStart.artifacts['shared']!.sha).toBe(bStart.artifacts['shared']!.sha);
    const blobKeys = await objectKeys(remote, 'blobs/');
    expect(new Set(blobKeys).size).toBe(blobKeys.length);
    expect(blobKeys.filter((key) => key.endsWith(aStart.artifacts['shared']!.sha))).toHaveLength(1);

    // Lazy: Alice's own artifact is not in Bob's store until he opens it; then it is, verified.
    const mine = aStart.artifacts['mine']!.sha;
    expect(existsSync(blobPath(b.home, mine))).toBe(false);
    const shown = await b.cli(['artifact', `${alice.pathspec}/start`, 'mine']);
    expect(shown.stderr).toBe('');
    expect(shown.stdout).toContain('made with seed alice');
    expect(existsSync(blobPath(b.home, mine))).toBe(true);
    // The Python client's way in: fetch-blob prints the local path of a blob it fetched.
    const table = (await taskRecord(b.home, alice.pathspec, 'end')).artifacts['table']!;
    const fetched = await b.cli(['fetch-blob', table.sha]);
    expect(fetched.code).toBe(0);
    expect(fetched.stdout.trim()).toBe(blobPath(b.home, table.sha));
    // Logs came with the records.
    const logs = await b.cli(['logs', `${alice.pathspec}/end`]);
    expect(logs.stdout).toContain('done with alice');
  });

  it('sends nothing when there is nothing new, and pulls nothing twice', async () => {
    const remote = await freshRemote();
    const a = await teammate('alice', alice, remote);
    expect((await a.sync('push')).pushed_runs).toBe(1);
    expect(await a.sync('push')).toEqual({ pushed_runs: 0, pulled_runs: 0, bytes_up: 0, bytes_down: 0 });
    const b = await teammate('bob', bob, remote);
    // A pull killed before its rename left a staging folder an hour ago: the next pull tidies it.
    const flowFolder = join(b.home, 'runs', alice.pathspec.split('/')[0]!);
    const staging = join(flowFolder, `.pull-01M8SVWNXB7QQTQK6SA9X8NBBG.tmp-${NO_SUCH_PID}-ab12`);
    await mkdir(staging, { recursive: true });
    await ageAsLeftover(staging);
    expect((await b.sync('pull')).pulled_runs).toBe(1);
    expect(existsSync(staging)).toBe(false);
    expect(await b.sync('pull')).toEqual({ pushed_runs: 0, pulled_runs: 0, bytes_up: 0, bytes_down: 0 });
    // A teammate's run is never pushed back.
    const bPush = await b.sync('push');
    expect(bPush.pushed_runs).toBe(1); // Bob's own run only
    expect(await b.sync('sync')).toEqual({ pushed_runs: 0, pulled_runs: 0, bytes_up: 0, bytes_down: 0 });

    // Nothing new is one request (the journal listing), however much the bucket holds. (Counted by
    // a proxy in front of the server, which AWS itself would refuse: the signed host changes.)
    if (onAws) return;
    const proxy = new StoppableProxy(new URL(s3Endpoint!));
    await proxy.start();
    try {
      const config = JSON.parse(await readFile(join(b.home, 'config.json'), 'utf8'));
      config.remotes.origin.endpoint = proxy.endpoint;
      await writeFile(join(b.home, 'config.json'), JSON.stringify(config));
      expect(await b.sync('sync')).toEqual({ pushed_runs: 0, pulled_runs: 0, bytes_up: 0, bytes_down: 0 });
      expect(proxy.requests).toBe(1);
      expect(await b.sync('push')).toEqual({ pushed_runs: 0, pulled_runs: 0, bytes_up: 0, bytes_down: 0 });
      expect(proxy.requests).toBe(1); // a push with nothing to send sends nothing
    } finally {
      await proxy.stop();
    }
  });

  it('reads a pulled run offline once its blobs were opened; an unopened blob fails in one sentence', async () => {
    const remote = await freshRemote();
    const a = await teammate('alice', alice, remote);
    await a.sync('push');
    const b = await teammate('bob', bob, remote);
    await b.sync('pull');
    expect((await b.cli(['artifact', `${alice.pathspec}/start`, 'mine'])).code).toBe(0);

    // The remote becomes unreachable (nothing listens on port 9).
    const config = JSON.parse(await readFile(join(b.home, 'config.json'), 'utf8'));
    config.remotes.origin.endpoint = 'http://127.0.0.1:9';
    await writeFile(join(b.home, 'config.json'), JSON.stringify(config));

    const again = await b.cli(['artifact', `${alice.pathspec}/start`, 'mine']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('made with seed alice');
    expect((await b.cli(['show', alice.pathspec])).code).toBe(0);
    const unopened = await b.cli(['artifact', `${alice.pathspec}/end`, 'table']);
    expect(unopened.code).not.toBe(0);
    expect(unopened.stderr.trim().split('\n')).toHaveLength(1);
    expect(unopened.stderr).toMatch(/^flowbench: Cannot reach remote "origin"/);
  });

  it('detects a corrupt or truncated object in the bucket, names its key, and never uses it', async () => {
    const remote = await freshRemote();
    const a = await teammate('alice', alice, remote);
    await a.sync('push');
    const b = await teammate('bob', bob, remote);
    await b.sync('pull');
    const start = await taskRecord(a.home, alice.pathspec, 'start');
    const client = testClient();
    const key = (sha: string): string => `${remote.prefix}blobs/sha256/${sha.slice(0, 2)}/${sha}`;
    // Someone (not Flowbench) rewrites one blob with other bytes and truncates another.
    const mine = start.artifacts['mine']!.sha;
    await client.send(new PutObjectCommand({ Bucket: remote.bucket, Key: key(mine), Body: Buffer.from('"made with seed mallory"') }));
    const table = (await taskRecord(a.home, alice.pathspec, 'end')).artifacts['table']!;
    const original = await client.send(new GetObjectCommand({ Bucket: remote.bucket, Key: key(table.sha) }));
    const bytes = Buffer.from(await original.Body!.transformToByteArray());
    await client.send(new PutObjectCommand({ Bucket: remote.bucket, Key: key(table.sha), Body: bytes.subarray(0, bytes.length >> 1) }));
    client.destroy();

    for (const [sha, open] of [
      [mine, ['artifact', `${alice.pathspec}/start`, 'mine']],
      [table.sha, ['fetch-blob', table.sha]],
    ] as const) {
      const result = await b.cli([...open]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`s3://${remote.bucket}/${key(sha)} is corrupt`);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(blobPath(b.home, sha))).toBe(false);
      expect((await allFiles(join(b.home, 'blobs'))).filter((file) => file.includes('.tmp-'))).toEqual([]);
    }
  });

  it('two pushes at once (one store twice, and two people) leave every run visible exactly once', async () => {
    const remote = await freshRemote();
    const a = await teammate('alice', alice, remote);
    const b = await teammate('bob', bob, remote);
    const results = await Promise.all([a.cli(['push', '--json']), a.cli(['push', '--json']), b.cli(['push', '--json'])]);
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const pushed = results.map((result) => JSON.parse(result.stdout).pushed_runs as number);
    expect(pushed[2]).toBe(1);
    expect(pushed[0]! + pushed[1]!).toBeGreaterThanOrEqual(1);
    expect(await objectKeys(remote, 'runs/ShareFlow/')).toEqual(
      expect.arrayContaining([`${remote.prefix}runs/${alice.pathspec}/bundle.json`, `${remote.prefix}runs/${bob.pathspec}/bundle.json`]),
    );
    const c = await teammate('carol', null, remote);
    expect((await c.sync('pull')).pulled_runs).toBe(2);
    expect((await RunStore.open(c.home).listRuns('ShareFlow')).map((run) => run.record.user).sort()).toEqual(['alice', 'bob']);
  });

  it('tags sync both ways without rewriting the run record', async () => {
    const remote = await freshRemote();
    const a = await teammate('alice', alice, remote);
    const b = await teammate('bob', bob, remote);
    await a.sync('push');
    expect((await a.cli(['tag', 'add', alice.pathspec, 'baseline', 'v1'])).stdout.trim()).toBe('user:alice baseline v1');
    await a.sync('push');
    await b.sync('pull');
    const bStore = RunStore.open(b.home);
    const pulled = await bStore.requireRun('ShareFlow', alice.pathspec.split('/')[1]!);
    expect(await bStore.tagsOf(pulled.record)).toEqual(['user:alice', 'baseline', 'v1']);
    // Bob tags Alice's run; it goes up with his push and reaches her.
    expect((await b.cli(['tag', 'remove', alice.pathspec, 'v1'])).code).toBe(0);
    expect((await b.cli(['tag', 'add', alice.pathspec, 'reviewed-by-bob'])).code).toBe(0);
    await b.sync('push');
    await a.sync('pull');
    const aStore = RunStore.open(a.home);
    const own = await aStore.requireRun('ShareFlow', alice.pathspec.split('/')[1]!);
    expect(await aStore.tagsOf(own.record)).toEqual(['user:alice', 'baseline', 'reviewed-by-bob']);
    expect(own.record.tags).not.toContain('baseline'); // events, not a rewritten record
    expect(await a.sync('sync')).toEqual({ pushed_runs: 0, pulled_runs: 0, bytes_up: 0, bytes_down: 0 });
  });

  it('writes no credential into any file under FLOWBENCH_HOME', async () => {
    const remote = await freshRemote();
    const a = await teammate('alice', alice, remote);
    const b = await teammate('bob', bob, remote);
    await a.sync('sync');
    await b.sync('sync');
    await b.cli(['artifact', `${alice.pathspec}/start`, 'mine']);
    const secrets = [testCredentials['AWS_ACCESS_KEY_ID'], testCredentials['AWS_SECRET_ACCESS_KEY'], process.env['AWS_SECRET_ACCESS_KEY']]
      .filter((value): value is string => typeof value === 'string' && value.length >= 8);
    expect(secrets.length).toBeGreaterThan(0);
    for (const home of [a.home, b.home]) {
      for (const file of await allFiles(home)) {
        const text = (await readFile(file)).toString('latin1');
        for (const secret of secrets) expect(text.includes(secret), `${file} holds a credential`).toBe(false);
      }
    }
  });

  it('autoPush: a CLI run goes up as it finishes; an unreachable remote is one warning line and the run still succeeds', async () => {
    const remote = await freshRemote();
    const a = await teammate('alice', null, remote);
    await updateConfigFile(a.home, (file) => ({ ...file, autoPush: true }));
    const run = await runFlow(shareFlow, a.home, ['--param', 'seed=auto'], s3Env({ FLOWBENCH_USER: 'alice' }));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Pushed 1 run to origin (autoPush).');
    const b = await teammate('bob', null, remote);
    expect((await b.sync('pull')).pulled_runs).toBe(1);

    await updateConfigFile(a.home, (file) => ({ ...file, remotes: { origin: { url: remote.url, endpoint: 'http://127.0.0.1:9' } } }));
    const offline = await runFlow(shareFlow, a.home, ['--param', 'seed=offline'], s3Env({ FLOWBENCH_USER: 'alice' }));
    expect(offline.code).toBe(0);
    expect(offline.result.status).toBe('succeeded');
    const warnings = offline.stderr.split('\n').filter((line) => line.includes('autoPush'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: autoPush to origin failed: Cannot reach remote "origin" .* goes up with the next "flowbench push"\.$/);
  });
});

// A run whose engine was killed (kill -9 while its task sleeps) has no end record; a push ends it
// as failed, saying why, and sends it, so a teammate sees what happened instead of nothing.
describe.skipIf(skipWithoutS3() || process.platform !== 'linux')('a run whose engine was killed', () => {
  it('is pushed as failed, and a teammate reads why', async () => {
    useTestCredentials();
    const remote = await freshRemote();
    const a = await teammate('alice', null, remote);
    const pids = join(a.home, 'sleeper-pids');
    const engine = spawnCli(['run', SLEEPER_FLOW, '--json'], a.home, s3Env({ FLOWBENCH_USER: 'alice', SLEEPER_PIDS: pids }));
    const exited = collect(engine);
    const started: number[] = [];
    try {
      for (let waited = 0; !existsSync(pids); waited += 50) {
        if (waited > 30_000) throw new Error('the sleeper task did not start');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      started.push(...(await readFile(pids, 'utf8')).split(' ').map(Number));
      engine.kill('SIGKILL');
      await exited;

      expect((await a.sync('push')).pushed_runs).toBe(1);
      const [runId] = await readdir(join(a.home, 'runs', 'SleeperFlow'));
      const b = await teammate('bob', null, remote);
      expect((await b.sync('pull')).pulled_runs).toBe(1);
      const shown = await b.cli(['show', `SleeperFlow/${runId}`, '--json']);
      expect(shown.code, shown.stderr).toBe(0);
      expect(JSON.parse(shown.stdout)).toMatchObject({ status: 'failed', message: 'The engine running it stopped before it finished.' });
    } finally {
      for (const pid of started) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone with its engine, as it should be
        }
      }
    }
  });
});
