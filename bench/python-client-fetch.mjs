#!/usr/bin/env node
// A notebook reading a teammate's foreach after `flowbench pull` (only records are local): the
// values of N tasks, whose blobs come through `flowbench fetch-blob` from a real S3 server (moto
// from `scripts/provision.sh s3`, or FLOWBENCH_TEST_S3_ENDPOINT). Timed side by side, in the same
// run, on fresh copies of the same pulled store:
//
//   batched      the client as it is: the step's siblings come in one `fetch-blob` call
//   one by one   the same client with the sibling batch turned off (SIBLING_FETCH_BYTES = 0):
//                one `flowbench` process per blob, as before the batch
//
//   npm run build:engine && node bench/python-client-fetch.mjs      (BENCH_TASKS=100)
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { benchHome, engine, root } from './lib.mjs';

const endpoint = process.env.FLOWBENCH_TEST_S3_ENDPOINT ?? `http://127.0.0.1:${process.env.FLOWBENCH_S3_PORT ?? 23790}`;
const tasks = Number(process.env.BENCH_TASKS ?? 100);
process.env.AWS_ACCESS_KEY_ID ??= 'bench';
process.env.AWS_SECRET_ACCESS_KEY ??= 'bench-secret';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { RunStore } = await engine('store/run-store.js');
const { newRunId } = await engine('store/run-id.js');
const { runSync } = await engine('sync/sync-service.js');
const { addRemote } = await engine('sync/remotes.js');
const { loadConfig } = await engine('config/config.js');

const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true });
const bucket = `fb-bench-${randomBytes(4).toString('hex')}`;
await client.send(new CreateBucketCommand({ Bucket: bucket }));
client.destroy();

async function storeFor(user) {
  const bench = benchHome();
  await addRemote(bench.home, 'origin', { url: `s3://${bucket}/team`, endpoint });
  const settings = loadConfig({ ...process.env, FLOWBENCH_HOME: bench.home, FLOWBENCH_USER: user });
  return { ...bench, store: RunStore.open(bench.home), settings };
}

// Alice's run: start, then `score` over `tasks` items, each with its own small `value`.
const alice = await storeFor('alice');
const { store } = alice;
const runId = newRunId();
const at = new Date().toISOString();
const codeSha = await store.blobs.putBytes(Buffer.from('class GridFlow: pass\n'));
await store.writeRun({ version: 1, flow: 'GridFlow', runId, flowFile: '/bench/grid.py', codeSha, user: 'alice', tags: ['user:alice'], parameters: {}, startedAt: at, backend: 'local', maxWorkers: 1, engine: { host: 'bench', pid: 1 } });
for (let i = 0; i < tasks; i += 1) {
  const body = Buffer.from(JSON.stringify(i * 10));
  const sha = await store.blobs.putBytes(body);
  const taskId = String(i + 1);
  const keys = store.attemptKeys('GridFlow', runId, 'score', taskId, 0);
  await store.writeAttemptStart(keys, { version: 1, attempt: 0, startedAt: at, backend: 'local' });
  await store.writeAttemptEnd(keys, { version: 1, attempt: 0, status: 'succeeded', finishedAt: at, exitCode: 0, signal: null });
  await store.writeTask('GridFlow', runId, {
    version: 1, step: 'score', taskId, status: 'succeeded', startedAt: at, finishedAt: at, attempts: 1,
    splitStack: [{ kind: 'foreach', index: i, count: tasks }], inputs: [],
    artifacts: { value: { sha, encoding: 'json', type: 'int', size: body.length, preview: String(i * 10) } },
  });
}
await store.writeRunEnd('GridFlow', runId, { version: 1, status: 'succeeded', finishedAt: at });
await runSync({ store, settings: alice.settings, direction: 'push' });

const bob = await storeFor('bob');
const pulled = await runSync({ store: bob.store, settings: bob.settings, direction: 'pull' });
if (pulled.pulledRuns !== 1) throw new Error('the run was not pulled');

const read = (batched) => {
  const copy = benchHome();
  cpSync(bob.home, copy.home, { recursive: true });
  const code = [
    'import flowbench.client.task as task_module',
    batched ? '' : 'task_module.SIBLING_FETCH_BYTES = 0',
    'from flowbench import Run',
    `values = [t.data.value for t in Run("GridFlow/${runId}", _namespace_check=False)["score"]]`,
    `assert values == [i * 10 for i in range(${tasks})], values`,
  ].join('\n');
  const env = { ...process.env, FLOWBENCH_HOME: copy.home, FLOWBENCH_USER: 'bob', PYTHONPATH: join(root, 'resources', 'python'), FLOWBENCH_CLI: `${process.execPath} ${join(root, 'bin', 'flowbench.cjs')}` };
  const started = performance.now();
  const result = spawnSync('/usr/bin/python3', ['-c', code], { env, encoding: 'utf8' });
  const ms = performance.now() - started;
  copy.remove();
  if (result.status !== 0) throw new Error(result.stderr);
  return ms;
};

const batched = read(true);
const oneByOne = read(false);
console.log(`Reading the values of a teammate's foreach of ${tasks} tasks (blobs fetched from S3 on first read):`);
console.log(`  one flowbench process per blob   ${(oneByOne / 1000).toFixed(2)} s`);
console.log(`  batched (one fetch-blob call)    ${(batched / 1000).toFixed(2)} s  → ${(oneByOne / batched).toFixed(1)}x faster`);
alice.remove();
bob.remove();
