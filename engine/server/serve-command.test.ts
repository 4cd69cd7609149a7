import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { SERVING_PREFIX, serveCommand } from '../cli/commands/serve.js';
import { fixture } from '../testing/cli-harness.js';

test('flowbench serve prints its URL first and serves the real API over a WebSocket until stopped', async () => {
  const home = await mkdtemp(join(tmpdir(), 'flowbench-serve-home-'));
  const staticDir = await mkdtemp(join(tmpdir(), 'flowbench-serve-static-'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Flowbench</title>');
  const flow = join(staticDir, 'linear_flow.py');
  await copyFile(fixture('linear_flow.py'), flow);
  const out: string[] = [];
  const opened: string[] = [];
  const stop = new AbortController();
  const done = serveCommand(['--port', '0', '--no-open'], { out: (t) => out.push(t), err: () => undefined }, { ...process.env, FLOWBENCH_HOME: home, FLOWBENCH_USER: 'tester' }, {
    signal: stop.signal,
    staticDir,
    openBrowser: (url) => opened.push(url),
  });
  while (out.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  const match = /^Flowbench is serving at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{48}))$/.exec(out[0]!);
  expect(out[0]!.startsWith(SERVING_PREFIX)).toBe(true);
  expect(match).not.toBeNull();
  expect(opened).toEqual([]); // --no-open
  const [, url, port, token] = match!;

  const page = await fetch(url!);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<title>Flowbench</title>');

  const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const reply = new Promise<{ id: number; result: { ok: boolean; value: { graph: { flowName: string } } } }>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
  ws.send(JSON.stringify({ id: 1, method: 'flows.open', args: { path: flow } }));
  const { id, result } = await reply;
  expect(id).toBe(1);
  expect(result.ok).toBe(true);
  expect(result.value.graph.flowName).toBe('LinearFlow');
  ws.close();

  stop.abort();
  expect(await done).toBe(0);
  await expect(fetch(url!)).rejects.toThrow();
});

test('flowbench serve refuses a bad port', async () => {
  await expect(serveCommand(['--port', 'abc', '--no-open'], { out: () => undefined, err: () => undefined }, process.env)).rejects.toThrow('--port expects a port number');
});
