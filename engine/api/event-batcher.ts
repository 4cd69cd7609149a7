import { checkApiEvent, type ApiEvent, type ApiEventBatch } from './contract.js';

/** How long the first event of a batch waits for the others, by default. */
export const EVENT_WINDOW_MS = 50;

/** The timer functions the batcher uses (tests pass fake ones). */
export interface BatchTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface EventBatcherOptions {
  /** Milliseconds the first event of a batch waits for the others (default 50). */
  readonly windowMs?: number;
  /**
   * False while the consumer has not yet taken in what it was sent (a WebSocket whose send
   * buffer is still full): the batch keeps growing and is tried again a window later, so a slow
   * consumer gets fewer, larger messages instead of an ever longer queue of small ones.
   */
  readonly ready?: () => boolean;
  /** Told about an event the contract refuses (an engine bug); the event is not sent. */
  readonly onInvalid?: (message: string) => void;
  readonly timers?: BatchTimers;
}

const realTimers: BatchTimers = {
  set: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending batch never keeps a process (the CLI's serve, a test) alive on its own.
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Whether an event goes out at once, with whatever waits before it: the end of a run, a failed
 * task (an error the person wants to see now), and every event that is not a run's (a flow
 * changed on disk, sync progress), which are rare and answer something the person did.
 */
export function isUrgent(event: ApiEvent): boolean {
  if (event.event !== 'run.event') return true;
  const run = event.payload.event;
  return run.type === 'run-finished' || (run.type === 'task-finished' && run.status === 'failed');
}

/**
 * Collects the engine's events for one consumer (the app's window over IPC, one browser over
 * its WebSocket) and hands them over as one message per window: at most `windowMs` after the
 * first event of a batch, at once on a run's end or a failure. Order is kept: a batch holds
 * events in the order they were pushed, and batches leave in order.
 *
 * Each event is checked against the contract (`checkApiEvent`) as it is pushed, so what leaves
 * the engine is what the contract says, on both transports.
 *
 * @example
 * const batcher = new EventBatcher((batch) => socket.send(JSON.stringify(batch)));
 * const stop = api.onEvent((event) => batcher.push(event));
 * // later: stop(); batcher.close();
 */
export class EventBatcher {
  private pending: ApiEvent[] = [];
  private timer: unknown = null;
  private closed = false;
  private readonly windowMs: number;
  private readonly timers: BatchTimers;

  constructor(
    private readonly deliver: (batch: ApiEventBatch) => void,
    private readonly options: EventBatcherOptions = {},
  ) {
    this.windowMs = options.windowMs ?? EVENT_WINDOW_MS;
    this.timers = options.timers ?? realTimers;
  }

  /** Adds an event to the batch; an urgent one sends the batch now. */
  push(event: ApiEvent): void {
    if (this.closed) return;
    const problem = checkApiEvent(event);
    if (problem !== null) {
      this.options.onInvalid?.(problem);
      return;
    }
    this.pending.push(event);
    if (isUrgent(event)) this.flush();
    else this.schedule();
  }

  /** Sends what is waiting now (when the consumer is ready; otherwise a window later). */
  flush(): void {
    this.cancelTimer();
    if (this.pending.length === 0 || this.closed) return;
    if (this.options.ready !== undefined && !this.options.ready()) {
      this.schedule();
      return;
    }
    const events = this.pending;
    this.pending = [];
    this.deliver({ events });
  }

  /** Events waiting to be sent. */
  get size(): number {
    return this.pending.length;
  }

  /** Stops for good: what is waiting is dropped (its consumer is gone). */
  close(): void {
    this.closed = true;
    this.cancelTimer();
    this.pending = [];
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.flush();
    }, this.windowMs);
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    this.timers.clear(this.timer);
    this.timer = null;
  }
}
