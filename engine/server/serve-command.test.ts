import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** Every process's command line on this machine, with its pid. */
async function commandLines(): Promise<{ pid: number; cmdline: string }[]> {
  const lines = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      lines.push({ pid: Number(entry), cmdline: (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0').join(' ') });
    } catch {
      // gone meanwhile
    }
  }
  return lines;
}

test.skipIf(process.platform !== 'linux')('opening the browser puts the token in no process\'s arguments (/proc/*/cmdline)', async () => {
  const home = await mkdtemp(join(tmpdir(), 'flowbench-serve-home-'));
  const staticDir = await mkdtemp(join(tmpdir(), 'flowbench-serve-static-'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Flowbench</title>');
  // A stand-in browser found first on PATH as xdg-open: it notes what it was given and stays
  // alive, as a browser does, while the process table is read.
  const bin = await mkdtemp(join(tmpdir(), 'flowbench-fake-browser-'));
  const log = join(bin, 'opened');
  await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > "${log}.tmp" && mv "${log}.tmp" "${log}"\nsleep 30\n`, { mode: 0o755 });
  const out: string[] = [];
  const stop = new AbortController();
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, FLOWBENCH_HOME: home, FLOWBENCH_USER: 'tester' };
  const done = serveCommand(['--port', '0'], { out: (t) => out.push(t), err: () => undefined }, env, { signal: stop.signal, staticDir });
  let browserPid: number | undefined;
  try {
    while (!existsSync(log)) await new Promise((resolve) => setTimeout(resolve, 20));
    const [, url, port, token] = /^Flowbench is serving at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{48}))$/.exec(out[0]!)!;
    const opened = await readFile(log, 'utf8');
    expect(opened).toMatch(/^file:\/\/\/.*\/open\.html$/);

    const processes = await commandLines();
    browserPid = processes.find((p) => p.cmdline.includes(join(bin, 'xdg-open')))?.pid;
    expect(browserPid, 'the stand-in browser is running').toBeDefined();
    expect(processes.find((p) => p.pid === browserPid)?.cmdline).toContain(opened); // what it was given
    expect(processes.filter((p) => p.cmdline.includes(token!)).map((p) => p.cmdline)).toEqual([]);

    // The page it opens is private to this user and leads to the tokened URL.
    const page = fileURLToPath(opened);
    expect((await stat(page)).mode & 0o777).toBe(0o600);
    expect(await readFile(page, 'utf8')).toContain(`location.replace(${JSON.stringify(url)})`);
    // Once the page has its session (the API connected with the token), the file goes.
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    for (let i = 0; i < 100 && existsSync(page); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(existsSync(page)).toBe(false);
    ws.close();
  } finally {
    if (browserPid !== undefined) process.kill(-browserPid, 'SIGKILL'); // its own group (detached)
    stop.abort();
    await done;
  }
});
