/**
 * The renderer's one way to the engine. It does not know which transport carries it:
 * - in Electron, the preload's `window.flowbench` (one named method per request, e.g.
 *   `flowsEdit(args)`, plus `onEvents(listener)`);
 * - in a browser (`flowbench serve`), a WebSocket to `/api?token=T` with the token the page was
 *   opened with (see `sessionToken`): request `{ id, method, args }` → response `{ id, result }`,
 *   events in batches `{ events: [{ event, payload }, …] }`.
 * Either way events arrive a batch at a time (about 50 ms of them, in order): a listener applies
 * a batch at once (one store update), not one event after another.
 * Both answer with an envelope; `request` unwraps it and throws an `ApiError` for `ok: false`.
 */
import type { ApiErrorShape, ApiEvent, ApiEventBatch, ArgsOf, Envelope, Method, ResultOf } from './contract-types.js';

/** Failures the client itself reports, besides the engine's codes. */
export const ClientErrorCode = { connectionLost: 'connection-lost', badResponse: 'bad-response' } as const;
export type ClientErrorCode = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];
/** What a transport answers: the engine's envelope, or the client's own failure. */
export type Answer = Envelope<unknown> | { ok: false; error: { code: ClientErrorCode; message: string } };

/** An error the engine answered with (`edit-refused`, `not-found`, …) or a lost connection. */
export class ApiError extends Error {
  readonly code: string;
  readonly line: number | undefined;
  constructor(error: ApiErrorShape | { code: ClientErrorCode; message: string; line?: number }) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.line = error.line;
  }
}

/** Gets the events of one batch, in the order the engine emitted them. */
export type EventListener = (events: readonly ApiEvent[]) => void;
export type ConnectionState = 'connecting' | 'open' | 'closed';

/** What carries requests and events. */
export interface Transport {
  readonly kind: 'electron' | 'websocket';
  call(method: Method, args: unknown): Promise<Answer>;
  onEvents(listener: EventListener): () => void;
}

export interface FlowbenchClient {
  readonly transport: Transport['kind'];
  request<M extends Method>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>>;
  onEvents(listener: EventListener): () => void;
}

/** `flows.setPositions` → `flowsSetPositions`: the preload's method name for a request. */
export function bridgeMethodName(method: string): string {
  return method.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase());
}

type BridgeMethod = (args: unknown) => Promise<Answer>;
interface Bridge {
  onEvents(listener: (batch: ApiEventBatch) => void): () => void;
}

export class BridgeTransport implements Transport {
  readonly kind = 'electron';
  constructor(private readonly bridge: Bridge) {}

  call(method: Method, args: unknown): Promise<Answer> {
    const fn = (this.bridge as unknown as Record<string, BridgeMethod | undefined>)[bridgeMethodName(method)];
    if (typeof fn !== 'function') {
      return Promise.resolve({ ok: false, error: { code: 'unknown-method', message: `The app does not offer ${method}; update Flowbench.` } });
    }
    return fn.call(this.bridge, args);
  }

  onEvents(listener: EventListener): () => void {
    return this.bridge.onEvents((batch) => {
      if (isBatch(batch)) listener(batch.events);
    });
  }
}

type SocketLike = Pick<WebSocket, 'send' | 'close' | 'readyState'> & {
  onopen: ((ev: Event) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
};

interface Pending {
  resolve(answer: Answer): void;
  message: string;
  sent: boolean;
}

/**
 * Requests over one WebSocket, matched to responses by id. Requests made while the socket is
 * (re)connecting wait and go out once it opens; a request already sent when the socket drops is
 * answered with `connection-lost` rather than re-sent (an edit must not be applied twice).
 */
export class WebSocketTransport implements Transport {
  readonly kind = 'websocket';
  private socket: SocketLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<EventListener>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private retryMs = 250;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly createSocket: (url: string) => SocketLike = (u) => new WebSocket(u),
  ) {
    this.connect();
  }

  call(method: Method, args: unknown): Promise<Answer> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const entry: Pending = { resolve, message: JSON.stringify({ id, method, args }), sent: false };
      this.pending.set(id, entry);
      this.flush();
    });
  }

  onEvents(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onConnectionChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }

  private connect(): void {
    this.emitState('connecting');
    const socket = this.createSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = 250;
      this.emitState('open');
      this.flush();
    };
    socket.onmessage = (ev) => this.receive(String(ev.data));
    socket.onerror = () => undefined; // onclose follows and reconnects
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      for (const [id, p] of this.pending) {
        if (!p.sent) continue;
        this.pending.delete(id);
        p.resolve({ ok: false, error: { code: 'connection-lost', message: 'The connection to Flowbench dropped before it answered; try again.' } });
      }
      this.emitState('closed');
      if (this.closed) return;
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 5000);
    };
  }

  private flush(): void {
    const socket = this.socket;
    if (socket === null || socket.readyState !== 1) return;
    for (const p of this.pending.values()) {
      if (p.sent) continue;
      socket.send(p.message);
      p.sent = true;
    }
  }

  private receive(text: string): void {
    let message: { id?: number; result?: Envelope<unknown> } & Partial<ApiEventBatch>;
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (typeof message.id === 'number') {
      const p = this.pending.get(message.id);
      if (p === undefined) return;
      this.pending.delete(message.id);
      p.resolve(message.result ?? { ok: false, error: { code: 'bad-response', message: 'Flowbench answered without a result.' } });
    } else if (isBatch(message)) {
      for (const l of this.listeners) l(message.events);
    }
  }

  private emitState(state: ConnectionState): void {
    for (const l of this.stateListeners) l(state);
  }
}

export function createClient(transport: Transport): FlowbenchClient {
  return {
    transport: transport.kind,
    async request(method, args) {
      const envelope = await transport.call(method, args);
      if (!envelope.ok) throw new ApiError(envelope.error);
      return envelope.value as never;
    },
    onEvents: (listener) => transport.onEvents(listener),
  };
}

/**
 * The shape of a batch (the engine checked every event against the contract before sending it;
 * this only keeps a message that is not a batch from reaching the stores).
 */
function isBatch(message: unknown): message is ApiEventBatch {
  return typeof message === 'object' && message !== null && Array.isArray((message as { events?: unknown }).events);
}

/** The WebSocket address for a page served at `pageUrl` (`http://h:p/…` → `ws://h:p/api?token=T`). */
export function socketUrl(pageUrl: string, token: string): string {
  const page = new URL(pageUrl);
  const protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${page.host}/api?token=${encodeURIComponent(token)}`;
}

/** Where the page keeps the token for its tab (sessionStorage is per origin: this server's port only). */
const TOKEN_KEY = 'flowbench.token';

type PageWindow = Pick<Window, 'location'> & Partial<Pick<Window, 'history' | 'sessionStorage'>>;

/**
 * The browser-mode token: taken from `?token=` the first time, kept in this tab's sessionStorage,
 * and removed from the address bar at once, so it is not left in history, bookmarks or a shared
 * screen. A reload finds it in sessionStorage.
 */
export function sessionToken(win: PageWindow): string {
  const page = new URL(win.location.href);
  const given = page.searchParams.get('token');
  if (given === null) return win.sessionStorage?.getItem(TOKEN_KEY) ?? '';
  win.sessionStorage?.setItem(TOKEN_KEY, given);
  page.searchParams.delete('token');
  win.history?.replaceState(win.history.state, '', `${page.pathname}${page.search}${page.hash}`);
  return given;
}

/** Picks the transport: the preload bridge when present, else a WebSocket to the page's server. */
export function chooseTransport(win: PageWindow & { flowbench?: unknown }): Transport {
  const bridge = win.flowbench as Bridge | undefined;
  if (bridge !== undefined && typeof bridge.onEvents === 'function') return new BridgeTransport(bridge);
  return new WebSocketTransport(socketUrl(win.location.href, sessionToken(win)));
}

let shared: FlowbenchClient | null = null;
/** The app's client, made on first use. Tests call `setClient` with a fake first. */
export function getClient(): FlowbenchClient {
  shared ??= createClient(chooseTransport(window));
  return shared;
}
export function setClient(client: FlowbenchClient | null): void {
  shared = client;
}
