import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli, collect, spawnCli } from '../testing/cli-harness.js';
import { freshRemote, onAws, s3Endpoint, s3Env, skipWithoutS3, StoppableProxy, testClient, useTestCredentials } from '../testing/s3-remote.js';
import { blobPath, taskRecord, teammate, templateHome } from './sync-test-support.js';

const MB = 1024 * 1024;

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// A push killed, or a server gone, in the middle of a 24 MB multipart upload. The S3 server sits
// behind a proxy that limits the rate (so "the middle" is reliably reached) and can be stopped.
// Not against AWS itself: the proxy changes the host the requests are signed for.
describe.skipIf(skipWithoutS3() || onAws)('sync interrupted mid-transfer', () => {
  let big: { home: string; pathspec: string };
  const proxies: StoppableProxy[] = [];

  beforeAll(async () => {
    useTestCredentials();
    big = await templateHome('alice', ['big_mb=24']);
  }, 120_000);

  afterEach(async () => {
    for (const proxy of proxies.splice(0)) await proxy.stop();
  });

  const slowProxy = async (): Promise<StoppableProxy> => {
    const proxy = new StoppableProxy(new URL(s3Endpoint!), 8 * MB);
    await proxy.start();
    proxies.push(proxy);
    return proxy;
  };

  it('a push killed mid-upload leaves no half-visible run, and the next push completes it', async () => {
    const remote = await freshRemote();
    const proxy = await slowProxy();
    const alice = await teammate('alice', big, [remote.url, '--endpoint', proxy.endpoint]);
    const bob = await teammate('bob', null, remote);

    const child = spawnCli(['push'], alice.home, s3Env({ FLOWBENCH_USER: 'alice' }));
    const exited = collect(child);
    await until(() => proxy.bytesUp > 6 * MB, 'part of the upload');
    child.kill('SIGKILL');
    expect((await exited).code).not.toBe(0);

    // Nothing of it is visible: no run to pull, no bundle (the commit marker) in the bucket.
    expect((await bob.sync('pull')).pulled_runs).toBe(0);
    const client = testClient();
    const bundle = new HeadObjectCommand({ Bucket: remote.bucket, Key: `${remote.prefix}runs/${big.pathspec}/bundle.json` });
    await expect(client.send(bundle)).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });

    const resumed = await alice.sync('push');
    expect(resumed.pushed_runs).toBe(1);
    expect((await client.send(bundle)).ContentLength).toBeGreaterThan(0);
    client.destroy();

    expect((await bob.sync('pull')).pulled_runs).toBe(1);
    const sha = (await taskRecord(bob.home, big.pathspec, 'start')).artifacts['big']!.sha;
    const fetched = await bob.cli(['fetch-blob', sha]);
    expect(fetched.code, fetched.stderr).toBe(0);
    expect(createHash('sha256').update(await readFile(fetched.stdout.trim())).digest('hex')).toBe(sha);
  });

  it('the server stopping mid-sync is one clear error line; a later sync completes', async () => {
    const remote = await freshRemote();
    const proxy = await slowProxy();
    const alice = await teammate('alice', big, [remote.url, '--endpoint', proxy.endpoint]);

    const child = spawnCli(['sync'], alice.home, s3Env({ FLOWBENCH_USER: 'alice' }));
    const exited = collect(child);
    await until(() => proxy.bytesUp > 6 * MB, 'part of the upload');
    await proxy.stop();
    const failed = await exited;
    expect(failed.code).not.toBe(0);
    const errors = failed.stderr.split('\n').filter((line) => line.startsWith('flowbench:'));
    expect(errors, failed.stderr).toHaveLength(1);
    expect(errors[0]).toMatch(/^flowbench: Cannot reach remote "origin" \(http:\/\/127\.0\.0\.1:\d+\): .*run the command again/);
    expect(failed.stderr).not.toMatch(/^\s+at /m); // no stack trace

    await proxy.start(); // the server is back, on the same address
    const done = await alice.sync('sync');
    expect(done.pushed_runs).toBe(1);
    const bob = await teammate('bob', null, remote);
    expect((await bob.sync('pull')).pulled_runs).toBe(1);
  });

  it('a blob damaged on this disk is never pushed, small or multipart, and its run stays invisible', async () => {
    for (const name of ['mine', 'big']) {
      const remote = await freshRemote();
      const alice = await teammate('alice', big, remote);
      const sha = (await taskRecord(alice.home, big.pathspec, 'start')).artifacts[name]!.sha;
      const file = blobPath(alice.home, sha);
      const bytes = await readFile(file);
      await writeFile(file, bytes.subarray(0, bytes.length - 1)); // one byte short
      const pushed = await cli(['push'], alice.home, s3Env({ FLOWBENCH_USER: 'alice' }));
      expect(pushed.code).toBe(2);
      const errors = pushed.stderr.split('\n').filter((line) => line.startsWith('flowbench:'));
      expect(errors).toHaveLength(1);
      expect(errors[0]!.startsWith(`flowbench: The local blob ${file} does not match its digest ${sha}`)).toBe(true);
      expect(errors[0]).toMatch(/; it was not pushed\.$/);
      const client = testClient();
      const objects = await client.send(new ListObjectsV2Command({ Bucket: remote.bucket, Prefix: remote.prefix }));
      client.destroy();
      const keys = (objects.Contents ?? []).map((object) => object.Key!);
      expect(keys.filter((key) => key.includes('/runs/') || key.includes('/journal/'))).toEqual([]);
      expect(keys.filter((key) => key.endsWith(sha))).toEqual([]);
    }
  });
});
