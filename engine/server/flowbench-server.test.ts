import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import type { ApiEvent, WireMessage } from '../api/contract.js';
import { EventHub } from '../api/event-hub.js';
import { createPeerNamespace } from '../testing/network-namespace.js';
import { startServer, type RunningServer } from './flowbench-server.js';

const TOKEN = 'a'.repeat(48);
let servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(): Promise<{ server: RunningServer; hub: EventHub; calls: { method: string; args: unknown }[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'flowbench-static-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Flowbench</title>');
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'assets', 'app.css'), 'body{}');
  await writeFile(join(tmpdir(), 'flowbench-secret.txt'), 'secret');
  const hub = new EventHub();
  const calls: { method: string; args: unknown }[] = [];
  const api = {
    dispatch: async (method: string, args: unknown) => {
      calls.push({ method, args });
      return method === 'app.info' ? { ok: true as const, value: { mode: 'browser' } } : { ok: false as const, error: { code: 'unknown-method' as const, message: 'no' } };
    },
    onEvent: (listener: (event: ApiEvent) => void) => hub.on(listener),
  };
  const server = await startServer({ api, port: 0, staticDir: dir, token: TOKEN });
  servers.push(server);
  return { server, hub, calls };
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP GET (fetch would normalise the path and refuse to set Host/Origin). */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<WireMessage> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)) as WireMessage)));
}

describe('the page and static files', () => {
  test('prints a loopback URL with the token; the page loads without it and no cookie is set', async () => {
    const { server } = await serve();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
    expect(server.port).toBeGreaterThan(0);
    const page = await get(server.port, `/?token=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    // A cookie would go to every other web server on this machine (cookies ignore ports).
    expect(page.headers['set-cookie']).toBeUndefined();
    // The page is the public app bundle: a reload after the token left the address bar works.
    expect(await get(server.port, '/')).toMatchObject({ status: 200, body: expect.stringContaining('Flowbench</title>') });
    const asset = await get(server.port, '/assets/app.js');
    expect(asset).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get(server.port, '/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  test.each([
    ['another Host (DNS rebinding)', `/?token=${TOKEN}`, { host: 'evil.example:80' }],
    ['another Origin', `/?token=${TOKEN}`, { origin: 'http://evil.example' }],
    ['another port in Host', '/', { host: '127.0.0.1:1' }],
  ])('refuses %s with 403', async (_name, path, headers) => {
    const { server } = await serve();
    const reply = await get(server.port, path, headers);
    expect(reply.status).toBe(403);
    expect(reply.body).not.toContain('Flowbench</title>');
  });

  test.each(['/../flowbench-secret.txt', '/%2e%2e/flowbench-secret.txt', '/assets/..%2f..%2fflowbench-secret.txt', '/%2e%2e%5cflowbench-secret.txt', '/assets%00.js', '/assets'])(
    'refuses traversal and non-files: %s',
    async (path) => {
      const { server } = await serve();
      const reply = await get(server.port, `${path}${path.includes('?') ? '&' : '?'}token=${TOKEN}`);
      expect(reply.status).toBe(404);
      expect(reply.body).not.toContain('secret');
    },
  );

  test('listens on the loopback address only: another machine on the network is refused', async (ctx) => {
    const peer = await createPeerNamespace();
    if ('unavailable' in peer) {
      ctx.skip(`skipped: ${peer.unavailable}`);
      return;
    }
    // A control server on every interface: the other machine reaches it, so a refusal below is
    // about where Flowbench listens, not about the network.
    const control = createNetServer((socket) => socket.on('error', () => undefined).end());
    await new Promise<void>((resolve) => control.listen(0, '0.0.0.0', resolve));
    try {
      const { server } = await serve();
      const probe = (port: number): Promise<string> =>
        peer.exec(process.execPath, [
          '-e',
          `const s = require('net').connect({ host: ${JSON.stringify(peer.hostAddress)}, port: ${port}, timeout: 3000 });
           s.on('connect', () => { console.log('connected'); process.exit(0); });
           s.on('error', (e) => { console.log(e.code); process.exit(0); });
           s.on('timeout', () => { console.log('timeout'); process.exit(0); });`,
        ]);
      expect((await probe((control.address() as AddressInfo).port)).trim()).toBe('connected');
      expect((await probe(server.port)).trim()).toBe('ECONNREFUSED');
    } finally {
      control.close();
      await peer.remove();
    }
  });
});

describe('the WebSocket API', () => {
  test('answers a request and pushes events', async () => {
    const { server, hub, calls } = await serve();
    const ws = await connect(`ws://127.0.0.1:${server.port}/api?token=${TOKEN}`, { origin: `http://127.0.0.1:${server.port}` });
    const reply = nextMessage(ws);
    ws.send(JSON.stringify({ id: 7, method: 'app.info', args: {} }));
    expect(await reply).toEqual({ id: 7, result: { ok: true, value: { mode: 'browser' } } });
    expect(calls).toEqual([{ method: 'app.info', args: {} }]);

    // Events leave in batches: a window's events in one message, at once on a run's end.
    const batch = nextMessage(ws);
    hub.emit('run.event', { pathspec: 'F/1', event: { type: 'task-queued', step: 'start', taskId: '1' } });
    hub.emit('run.event', { pathspec: 'F/1', event: { type: 'task-started', step: 'start', taskId: '1', attempt: 0 } });
    hub.emit('run.event', { pathspec: 'F/1', event: { type: 'run-finished', status: 'succeeded' } });
    expect(await batch).toEqual({
      events: [
        { event: 'run.event', payload: { pathspec: 'F/1', event: { type: 'task-queued', step: 'start', taskId: '1' } } },
        { event: 'run.event', payload: { pathspec: 'F/1', event: { type: 'task-started', step: 'start', taskId: '1', attempt: 0 } } },
        { event: 'run.event', payload: { pathspec: 'F/1', event: { type: 'run-finished', status: 'succeeded' } } },
      ],
    });
    const windowed = nextMessage(ws);
    hub.emit('run.event', { pathspec: 'F/2', event: { type: 'task-queued', step: 'start', taskId: '1' } });
    expect(await windowed).toEqual({ events: [{ event: 'run.event', payload: { pathspec: 'F/2', event: { type: 'task-queued', step: 'start', taskId: '1' } } }] });

    const bad = nextMessage(ws);
    ws.send('not json');
    expect(await bad).toMatchObject({ id: null, result: { ok: false, error: { code: 'bad-argument' } } });
    ws.close();
  });

  test.each([
    ['no token', (port: number) => `ws://127.0.0.1:${port}/api`, {}],
    ['a wrong token', (port: number) => `ws://127.0.0.1:${port}/api?token=${'c'.repeat(48)}`, {}],
    ['a token of another length', (port: number) => `ws://127.0.0.1:${port}/api?token=a`, {}],
    ['the old cookie', (port: number) => `ws://127.0.0.1:${port}/api`, { cookie: `flowbench_token=${TOKEN}` }],
    ['a foreign Origin', (port: number) => `ws://127.0.0.1:${port}/api?token=${TOKEN}`, { origin: 'https://evil.example' }],
    ['another Host', (port: number) => `ws://127.0.0.1:${port}/api?token=${TOKEN}`, { host: 'rebind.example' }],
  ])('refuses the upgrade with %s (403)', async (_name, url, headers) => {
    const { server } = await serve();
    await expect(connect(url(server.port), headers)).rejects.toThrow('HTTP 403');
  });

  test('only /api upgrades', async () => {
    const { server } = await serve();
    await expect(connect(`ws://127.0.0.1:${server.port}/other?token=${TOKEN}`)).rejects.toThrow('HTTP 404');
  });
});
