import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { wireRequestSchema, type ApiEvent, type WireMessage } from '../api/contract.js';
import type { Api } from '../api/create-api.js';
import { EventBatcher } from '../api/event-batcher.js';
import { checkApiRequest, checkRequest } from './request-guard.js';
import { contentTypeOf, readStatic } from './static-files.js';

export interface ServerOptions {
  readonly api: Pick<Api, 'dispatch' | 'onEvent'>;
  /** The built renderer (out/renderer). */
  readonly staticDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Given by tests; otherwise 24 random bytes, hex. */
  readonly token?: string;
  /** Called at the first API connection that brings the token (the page has its session). */
  readonly onSession?: () => void;
}

export interface RunningServer {
  readonly port: number;
  readonly token: string;
  /** `http://127.0.0.1:PORT/?token=TOKEN`: what a person opens. */
  readonly url: string;
  close(): Promise<void>;
}

/** Largest WebSocket message accepted (a flow's source travels in `flows.setSource`). */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/**
 * A browser that has not yet taken this much of what it was sent is behind: its events wait and
 * leave together, in one larger message, once it has caught up.
 */
const BEHIND_BYTES = 1024 * 1024;

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // The token is in the page's first URL: it must never leave in a Referer header.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Browser mode: the built renderer over HTTP and the API contract over a WebSocket at `/api`, on
 * 127.0.0.1 only; the API behind a random token (see request-guard.ts for who may connect).
 *
 * Wire format: the client sends `{ id, method, args }`; the server answers `{ id, result }` with
 * the ApiResult, and pushes events in batches, `{ events: [{ event, payload }, …] }` (one
 * EventBatcher per socket, so a slow browser never holds back another).
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const sockets = new Map<WebSocket, EventBatcher>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let port = 0;
  let sessionStarted = false;

  const server = createServer((request, response) => {
    void serveHttp(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Internal error.\n');
    });
  });

  async function serveHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const verdict = checkRequest(request, port);
    if (!verdict.ok) return refuse(response, 403, `Forbidden: ${verdict.reason}.`);
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'Only GET and HEAD.');
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = await readStatic(options.staticDir, pathname);
    if (file === null) {
      if (pathname === '/' || pathname === '/index.html') {
        return refuse(response, 503, `The app is not built (${options.staticDir}/index.html is missing). Run "npm run build:app".`);
      }
      return refuse(response, 404, 'Not found.');
    }
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      'Content-Type': contentTypeOf(file.path),
      'Content-Length': String(file.body.length),
      'Cache-Control': 'no-store',
    };
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = checkApiRequest(request, port, token);
    const pathname = safePathname(request.url);
    if (!verdict.ok || pathname !== '/api') {
      socket.end(`HTTP/1.1 ${verdict.ok ? '404 Not Found' : '403 Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws));
    if (!sessionStarted) {
      sessionStarted = true;
      options.onSession?.();
    }
  });

  function accept(ws: WebSocket): void {
    const batcher = new EventBatcher((batch) => send(ws, batch), {
      ready: () => ws.bufferedAmount < BEHIND_BYTES,
      onInvalid: (message) => process.stderr.write(`${message}\n`),
    });
    sockets.set(ws, batcher);
    const forget = (): void => {
      batcher.close();
      sockets.delete(ws);
    };
    ws.on('close', forget);
    ws.on('error', forget);
    ws.on('message', (data: RawData, isBinary: boolean) => void answer(ws, data, isBinary));
  }

  async function answer(ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    let parsed: unknown;
    try {
      parsed = isBinary ? undefined : JSON.parse(rawText(data));
    } catch {
      parsed = undefined;
    }
    const request = wireRequestSchema.safeParse(parsed);
    if (!request.success) {
      const id = typeof (parsed as { id?: unknown } | undefined)?.id === 'number' ? (parsed as { id: number }).id : null;
      send(ws, { id, result: { ok: false, error: { code: 'bad-argument', message: 'Not a request: send JSON {"id": 1, "method": "app.info", "args": {}}.' } } });
      return;
    }
    const result = await options.api.dispatch(request.data.method, request.data.args);
    send(ws, { id: request.data.id, result });
  }

  const stopEvents = options.api.onEvent((event: ApiEvent) => {
    for (const batcher of sockets.values()) batcher.push(event);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    async close() {
      stopEvents();
      for (const [ws, batcher] of sockets) {
        batcher.close();
        ws.terminate();
      }
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function send(ws: WebSocket, message: WireMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function safePathname(url: string | undefined): string | null {
  try {
    return new URL(url ?? '/', 'http://127.0.0.1').pathname;
  } catch {
    return null;
  }
}

function refuse(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(`${message}\n`);
}
