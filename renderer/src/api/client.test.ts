import { describe, expect, test, vi } from 'vitest';
import { BridgeTransport, bridgeMethodName, chooseTransport, createClient, sessionToken, socketUrl, WebSocketTransport, ApiError } from './client.js';

class FakeSocket {
  static made: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: ((e: Event) => unknown) | null = null;
  onclose: ((e: CloseEvent) => unknown) | null = null;
  onmessage: ((e: MessageEvent) => unknown) | null = null;
  onerror: ((e: Event) => unknown) | null = null;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  send(text: string): void {
    this.sent.push(text);
  }
  close(): void {
    this.readyState = 3;
    this.onclose?.({} as CloseEvent);
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({} as Event);
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }
}
const page = { location: { href: 'http://127.0.0.1:4321/?token=abc%2F1' } } as Window;

describe('transport choice', () => {
  test('the preload bridge when window.flowbench is there', () => {
    const bridge = { onEvents: () => () => undefined, flowsOpen: vi.fn() };
    expect(chooseTransport({ ...page, flowbench: bridge } as never)).toBeInstanceOf(BridgeTransport);
  });

  test('else a WebSocket to /api with the token from the page URL', () => {
    vi.stubGlobal('WebSocket', FakeSocket);
    try {
      const t = chooseTransport(page as never);
      expect(t).toBeInstanceOf(WebSocketTransport);
      expect(FakeSocket.made.at(-1)?.url).toBe('ws://127.0.0.1:4321/api?token=abc%2F1');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  test('socket URLs follow the page: https → wss', () => {
    expect(socketUrl('https://h:1/', 't')).toBe('wss://h:1/api?token=t');
  });

  test('the token leaves the address bar at once and stays in the tab for a reload', () => {
    const stored = new Map<string, string>();
    const location = { href: 'http://127.0.0.1:4321/?token=abc%2F1&x=1#/flow' };
    const replaced: string[] = [];
    const win = {
      location,
      sessionStorage: { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v) },
      history: { state: null, replaceState: (_s: unknown, _t: string, url: string) => void replaced.push(url) },
    } as never;
    expect(sessionToken(win)).toBe('abc/1');
    expect(replaced).toEqual(['/?x=1#/flow']);
    location.href = 'http://127.0.0.1:4321/?x=1#/flow'; // reloaded without it
    expect(sessionToken(win)).toBe('abc/1');
    expect(replaced).toHaveLength(1);
  });
});

describe('bridge transport', () => {
  test('calls the named method and unwraps the envelope', async () => {
    expect(bridgeMethodName('flows.setPositions')).toBe('flowsSetPositions');
    const bridge = { onEvents: () => () => undefined, flowsOpen: vi.fn(async () => ({ ok: true, value: { path: '/a.py' } })) };
    const client = createClient(new BridgeTransport(bridge));
    await expect(client.request('flows.open', { path: '/a.py' })).resolves.toEqual({ path: '/a.py' });
    expect(bridge.flowsOpen).toHaveBeenCalledWith({ path: '/a.py' });
  });

  test('an error envelope becomes an ApiError with code and line', async () => {
    const bridge = { onEvents: () => () => undefined, flowsEdit: async () => ({ ok: false, error: { code: 'edit-refused', message: 'No cycles.', line: 4 } }) };
    const error = await createClient(new BridgeTransport(bridge)).request('flows.edit', { path: '/a.py', edit: { type: 'deleteStep', name: 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'edit-refused', message: 'No cycles.', line: 4 });
  });
});

describe('WebSocket transport', () => {
  test('queues requests until open, pairs responses by id, dispatches events', async () => {
    const t = new WebSocketTransport('ws://x/api?token=t', (u) => new FakeSocket(u));
    const socket = FakeSocket.made.at(-1)!;
    const client = createClient(t);
    const events: unknown[] = [];
    client.onEvents((batch) => events.push(batch));
    const a = client.request('app.info', {});
    const b = client.request('runs.list', {});
    expect(socket.sent).toEqual([]);
    socket.open();
    const [first, second] = socket.sent.map((s) => JSON.parse(s) as { id: number; method: string });
    expect([first?.method, second?.method]).toEqual(['app.info', 'runs.list']);
    socket.receive({ id: second!.id, result: { ok: true, value: [] } });
    socket.receive({ id: first!.id, result: { ok: true, value: { mode: 'browser' } } });
    await expect(a).resolves.toEqual({ mode: 'browser' });
    await expect(b).resolves.toEqual([]);
    const batch = [
      { event: 'run.event', payload: { pathspec: 'F/1', event: { type: 'task-queued', step: 'a', taskId: '2' } } },
      { event: 'flow.changed', payload: { path: '/a.py' } },
    ];
    socket.receive({ events: batch });
    // Not a batch: never reaches the listeners.
    socket.receive({ event: 'flow.changed', payload: { path: '/b.py' } });
    expect(events).toEqual([batch]);
    t.close();
  });

  test('a dropped connection fails sent requests, reconnects, and sends the waiting ones', async () => {
    vi.useFakeTimers();
    try {
      const t = new WebSocketTransport('ws://x/api', (u) => new FakeSocket(u));
      const first = FakeSocket.made.at(-1)!;
      first.open();
      const lost = createClient(t).request('runs.list', {}).catch((e: unknown) => e);
      first.close();
      await expect(lost).resolves.toMatchObject({ code: 'connection-lost' });
      const later = createClient(t).request('app.info', {});
      vi.advanceTimersByTime(300);
      const second = FakeSocket.made.at(-1)!;
      expect(second).not.toBe(first);
      second.open();
      const sent = JSON.parse(second.sent[0]!) as { id: number; method: string };
      expect(sent.method).toBe('app.info');
      second.receive({ id: sent.id, result: { ok: true, value: 'ok' } });
      await expect(later).resolves.toBe('ok');
      t.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
