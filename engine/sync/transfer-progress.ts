import type { SyncProgress } from '../api/contract.js';

export type ProgressListener = (progress: SyncProgress & { readonly done: boolean }) => void;

/** How often listeners hear of a transfer (the last event always comes). */
const EMIT_EVERY_MS = 250;

/**
 * Counts a pull's or a push's objects and bytes and tells listeners, throttled. Totals grow as a
 * phase learns what it must move.
 */
export class TransferProgress {
  private objectsDone = 0;
  private objectsTotal = 0;
  private bytesDone = 0;
  private bytesTotal = 0;
  private lastEmit = 0;

  constructor(
    readonly remote: string,
    readonly phase: SyncProgress['phase'],
    private readonly listener: ProgressListener | undefined,
  ) {}

  expect(objects: number, bytes: number): void {
    this.objectsTotal += objects;
    this.bytesTotal += bytes;
    this.emit(false);
  }

  /** Bytes moved of an object still in flight (a multipart upload's parts). */
  bytes(bytes: number): void {
    this.bytesDone += bytes;
    this.emit(false);
  }

  /** One object finished; `bytes` are those not reported through `bytes()` yet. */
  object(bytes = 0): void {
    this.objectsDone += 1;
    this.bytesDone += bytes;
    this.emit(false);
  }

  snapshot(): SyncProgress {
    return {
      remote: this.remote,
      phase: this.phase,
      objectsDone: this.objectsDone,
      objectsTotal: Math.max(this.objectsTotal, this.objectsDone),
      bytesDone: this.bytesDone,
      bytesTotal: Math.max(this.bytesTotal, this.bytesDone),
    };
  }

  finish(): void {
    this.emit(true);
  }

  private emit(done: boolean): void {
    if (!this.listener) return;
    const now = Date.now();
    if (!done && now - this.lastEmit < EMIT_EVERY_MS) return;
    this.lastEmit = now;
    this.listener({ ...this.snapshot(), done });
  }
}
