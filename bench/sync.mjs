#!/usr/bin/env node
// Sync against a real S3 server (moto from `scripts/provision.sh s3`, or FLOWBENCH_TEST_S3_ENDPOINT),
// each figure beside a baseline measured here, in the same run, against the same server:
//
//   (a) push one 200 MB artifact  vs  one raw-SDK `Upload` of the same bytes (target ≥ 80%)
//   (b) push a run with 1,000 small artifacts  vs  1,000 raw PutObjects, 16 at a time
//   (c) a no-op sync with 10,000 runs in the bucket (target < 2 s), in-process and as the CLI
//   (d) pulling 1,000 teammates' run records (target < 5 s)
//
//   npm run build:engine && node bench/sync.mjs
//   BENCH_BIG_MB=200 BENCH_RUNS=10000 BENCH_PULL=1000 BENCH_REPEAT=3 BENCH_PARTS=abcd node bench/sync.mjs
import { randomBytes } from 'node:crypto';
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { benchHome, engine, flowbenchCommand, median } from './lib.mjs';

const endpoint = process.env.FLOWBENCH_TEST_S3_ENDPOINT ?? `http://127.0.0.1:${process.env.FLOWBENCH_S3_PORT ?? 23790}`;
const bigMb = Number(process.env.BENCH_BIG_MB ?? 200);
const manyRuns = Number(process.env.BENCH_RUNS ?? 10_000);
const pullRuns = Number(process.env.BENCH_PULL ?? 1000);
const repeat = Number(process.env.BENCH_REPEAT ?? 3);
/** Which parts to run, e.g. BENCH_PARTS=bd. */
const parts = process.env.BENCH_PARTS ?? 'abcd';
process.env.AWS_ACCESS_KEY_ID ??= 'bench';
process.env.AWS_SECRET_ACCESS_KEY ??= 'bench-secret';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { RunStore } = await engine('store/run-store.js');
const { newRunId } = await engine('store/run-id.js');
const { runSync } = await engine('sync/sync-service.js');
const { addRemote } = await engine('sync/remotes.js');
const { loadConfig } = await engine('config/config.js');

const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
const newBucket = async () => {
  const bucket = `fb-bench-${randomBytes(4).toString('hex')}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
};
/** moto keeps objects in memory: the bench empties and deletes its buckets as it goes. */
const dropBucket = async (bucket) => {
  for (;;) {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    const keys = (page.Contents ?? []).map((object) => ({ Key: object.Key }));
    if (keys.length === 0) break;
    await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
  }
  await client.send(new DeleteBucketCommand({ Bucket: bucket }));
};
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mbps = (bytes, ms) => `${(bytes / (1024 * 1024) / (ms / 1000)).toFixed(1)} MB/s`;

/** A store with a remote on a new bucket (`origin`). */
async function storeWithRemote(user, bucket = null) {
  const bench = benchHome();
  const chosen = bucket ?? (await newBucket());
  await addRemote(bench.home, 'origin', { url: `s3://${chosen}/team`, endpoint });
  const settings = loadConfig({ ...process.env, FLOWBENCH_HOME: bench.home, FLOWBENCH_USER: user });
  return { ...bench, bucket: chosen, store: RunStore.open(bench.home), settings };
}

/** A finished run written straight into the store (records as the runtime writes them). */
async function syntheticRun(store, user, artifacts, codeSha) {
  const runId = newRunId();
  const at = new Date().toISOString();
  await store.writeRun({ version: 1, flow: 'BenchFlow', runId, flowFile: '/bench/flow.py', codeSha, user, tags: [`user:${user}`], parameters: { i: runId }, startedAt: at, backend: 'local', maxWorkers: 1, engine: { host: 'bench', pid: 1 } });
  const keys = store.attemptKeys('BenchFlow', runId, 'start', '1', 0);
  await store.writeAttemptStart(keys, { version: 1, attempt: 0, startedAt: at, backend: 'local' });
  await store.writeAttemptEnd(keys, { version: 1, attempt: 0, status: 'succeeded', finishedAt: at, exitCode: 0, signal: null });
  const records = {};
  for (const [name, sha, size] of artifacts) records[name] = { sha, encoding: 'json', type: 'str', size, preview: '…' };
  await store.writeTask('BenchFlow', runId, { version: 1, step: 'start', taskId: '1', status: 'succeeded', startedAt: at, finishedAt: at, attempts: 1, splitStack: [], inputs: [], artifacts: records });
  await store.writeRunEnd('BenchFlow', runId, { version: 1, status: 'succeeded', finishedAt: at });
  return runId;
}

/** `count` runs by alice, 32 written at a time. */
async function manySyntheticRuns(store, count, artifactSha, codeSha) {
  let next = 0;
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (next < count) {
      next += 1;
      await syntheticRun(store, 'alice', [['result', artifactSha, 16]], codeSha);
    }
  }));
}

const timed = async (work) => {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
};

// ---- (a) one 200 MB artifact ------------------------------------------------------------------
if (parts.includes('a')) {
  const bytes = randomBytes(bigMb * 1024 * 1024);
  const pushes = [];
  const raws = [];
  for (let i = 0; i < repeat; i += 1) {
    const a = await storeWithRemote('alice');
    const codeSha = await a.store.blobs.putBytes(Buffer.from('class BenchFlow: pass\n'));
    const sha = await a.store.blobs.putBytes(bytes);
    await syntheticRun(a.store, 'alice', [['big', sha, bytes.length]], codeSha);
    const push = await timed(() => runSync({ store: a.store, settings: a.settings, direction: 'push' }));
    if (push.value.pushedRuns !== 1) throw new Error('the big run was not pushed');
    pushes.push(push.ms);

    const file = join(a.home, 'raw.bin');
    writeFileSync(file, bytes);
    const bucket = await newBucket();
    const raw = await timed(() => new Upload({ client, params: { Bucket: bucket, Key: 'raw/big', Body: createReadStream(file) } }).done());
    raws.push(raw.ms);
    a.remove();
    await dropBucket(a.bucket);
    await dropBucket(bucket);
  }
  const p = median(pushes);
  const r = median(raws);
  console.log(`(a) one ${bigMb} MB artifact, median of ${repeat}`);
  console.log(`    raw SDK Upload (defaults)   ${seconds(r).padStart(8)}  ${mbps(bytes.length, r)}`);
  console.log(`    flowbench push              ${seconds(p).padStart(8)}  ${mbps(bytes.length, p)}  → ${((r / p) * 100).toFixed(0)}% of the raw throughput (target ≥ 80%)`);
}

// ---- (b) a run with 1,000 small artifacts -----------------------------------------------------
if (parts.includes('b')) {
  const a = await storeWithRemote('alice');
  const codeSha = await a.store.blobs.putBytes(Buffer.from('class BenchFlow: pass\n'));
  const artifacts = [];
  const bodies = [];
  for (let i = 0; i < 1000; i += 1) {
    const body = Buffer.from(JSON.stringify({ i, value: randomBytes(48).toString('hex') }));
    bodies.push(body);
    artifacts.push([`a${i}`, await a.store.blobs.putBytes(body), body.length]);
  }
  await syntheticRun(a.store, 'alice', artifacts, codeSha);
  const push = await timed(() => runSync({ store: a.store, settings: a.settings, direction: 'push' }));
  const bucket = await newBucket();
  let next = 0;
  const raw = await timed(() =>
    Promise.all(Array.from({ length: 16 }, async () => {
      while (next < bodies.length) {
        const i = next++;
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: `raw/${i}`, Body: bodies[i] }));
      }
    })),
  );
  console.log('(b) a run with 1,000 small artifacts');
  console.log(`    raw SDK, 1,000 PutObject (16 at a time)  ${seconds(raw.ms)}`);
  console.log(`    flowbench push (blobs + bundle + journal) ${seconds(push.ms)}  → ${(push.ms / raw.ms).toFixed(2)}x the raw time`);
  a.remove();
  await dropBucket(a.bucket);
  await dropBucket(bucket);
}

// ---- (c) no-op sync with 10,000 runs in the bucket; (d) pulling 1,000 runs --------------------
if (parts.includes('c')) {
  const a = await storeWithRemote('alice');
  const codeSha = await a.store.blobs.putBytes(Buffer.from('class BenchFlow: pass\n'));
  const artifactSha = await a.store.blobs.putBytes(Buffer.from('"a small result"'));
  const written = await timed(() => manySyntheticRuns(a.store, manyRuns, artifactSha, codeSha));
  const pushAll = await timed(() => runSync({ store: a.store, settings: a.settings, direction: 'push' }));
  console.log(`(c) ${manyRuns} runs (written locally in ${seconds(written.ms)}) pushed in ${seconds(pushAll.ms)} (${(manyRuns / (pushAll.ms / 1000)).toFixed(0)} runs/s)`);

  const b = await storeWithRemote('bob', a.bucket);
  const pullAll = await timed(() => runSync({ store: b.store, settings: b.settings, direction: 'pull' }));
  console.log(`    a teammate pulls all ${pullAll.value.pulledRuns} run records in ${seconds(pullAll.ms)}`);

  const noops = [];
  for (let i = 0; i < repeat; i += 1) {
    for (const who of [a, b]) {
      const noop = await timed(() => runSync({ store: who.store, settings: who.settings, direction: 'sync' }));
      if (noop.value.pushedRuns + noop.value.pulledRuns !== 0) throw new Error('the no-op sync moved runs');
      noops.push(noop.ms);
    }
  }
  const cli = [];
  for (let i = 0; i < repeat; i += 1) cli.push(flowbenchCommand(['sync', '--json'], { FLOWBENCH_HOME: b.home, FLOWBENCH_USER: 'bob' }).ms);
  const floor = [];
  for (let i = 0; i < repeat; i += 1) floor.push(flowbenchCommand(['--help']).ms);
  console.log(`    no-op sync with ${manyRuns} runs in the bucket and in the store: ${seconds(median(noops))} in-process (median of ${noops.length}), ` +
    `${seconds(median(cli))} as \`flowbench sync\` (the CLI starting with --help: ${seconds(median(floor))}) (target < 2 s)`);
  a.remove();
  b.remove();
  await dropBucket(a.bucket);
}
if (parts.includes('d')) {
  const a = await storeWithRemote('alice');
  const codeSha = await a.store.blobs.putBytes(Buffer.from('class BenchFlow: pass\n'));
  const artifactSha = await a.store.blobs.putBytes(Buffer.from('"a small result"'));
  await manySyntheticRuns(a.store, pullRuns, artifactSha, codeSha);
  await runSync({ store: a.store, settings: a.settings, direction: 'push' });
  const pulls = [];
  for (let i = 0; i < repeat; i += 1) {
    const b = await storeWithRemote('bob', a.bucket);
    const pull = await timed(() => runSync({ store: b.store, settings: b.settings, direction: 'pull' }));
    if (pull.value.pulledRuns !== pullRuns) throw new Error(`pulled ${pull.value.pulledRuns} of ${pullRuns}`);
    pulls.push(pull.ms);
    b.remove();
  }
  console.log(`(d) pulling ${pullRuns} teammates' run records: ${seconds(median(pulls))} (median of ${repeat}; target < 5 s)`);
  a.remove();
  await dropBucket(a.bucket);
}
client.destroy();
