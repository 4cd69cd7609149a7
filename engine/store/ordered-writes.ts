import { closeSync, linkSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { foldersCreated, fsyncOffThread, syncFolder } from './durable-file.js';
import { temporaryName } from './leftover-temporaries.js';

/** A write handed to the queue: its bytes are in `temporary` (open as `fd`), not yet flushed. */
interface Waiting {
  readonly target: string;
  readonly temporary: string;
  readonly fd: number;
  /** The folders whose entries this write changes: the target's, and the parent of each folder it created. */
  readonly folders: readonly string[];
  readonly made: { resolve(): void; reject(error: Error): void };
}

/** Past this many writes waiting, `write` resolves only once its own write is made (back-pressure). */
const MOST_WAITING = 256;

/**
 * Writes of a run's task and attempt records that the engine does not wait for: they are made
 * durable off the main thread, in the order asked for (issue 11: a trivial task's three records
 * cost nine fsyncs, ~0.35 ms each here, all on the way from one task to the next).
 *
 * `write(target, bytes)` creates the folder if it is missing and writes the bytes to a temporary
 * file beside the target, at once. In the background, the writes waiting are then made together:
 * 1. every temporary is flushed to the disk (at once: the file system commits them together);
 * 2. each is linked to its name, in the order written, and its temporary name removed (a record is
 *    written once: a name that exists is an error);
 * 3. the folders whose entries changed are flushed.
 * The next batch starts after. So:
 * - nothing half-written is ever visible: a record's bytes are on the disk before its name exists;
 * - records appear in the order they were written, and a batch is durable before the next one
 *   appears. Within one batch the order after a power loss is the file system's (ext4 and XFS
 *   journal directory changes in order);
 * - a crash loses only the writes still waiting, the newest tasks' records: a resume redoes those
 *   tasks, as it does the tasks that were running.
 * After a failed write no later one is made (a later record must not appear without an earlier
 * one): `settled()` and every later `write()` reject with that failure.
 *
 * Readers in this process call `settled()` first, so they see what the engine has written.
 */
export class OrderedWrites {
  private waiting: Waiting[] = [];
  private draining: Promise<void> | null = null;
  private failure: Error | null = null;

  write(target: string, bytes: Uint8Array): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const folder = dirname(target);
    const created = mkdirSync(folder, { recursive: true });
    const temporary = temporaryName(target);
    const fd = openSync(temporary, 'wx');
    try {
      writeSync(fd, bytes);
    } catch (error) {
      closeSync(fd);
      unlinkSync(temporary);
      throw error;
    }
    const folders = [...foldersCreated(created, folder).map((made) => dirname(made)), folder];
    let made!: Waiting['made'];
    const done = new Promise<void>((resolve, reject) => (made = { resolve, reject }));
    done.catch(() => undefined); // the failure also reaches settled() and every later write()
    this.waiting.push({ target, temporary, fd, folders, made });
    // From the next microtask: the writes made together (a task's end and its record) go as one batch.
    this.draining ??= Promise.resolve().then(() => this.drain());
    return this.waiting.length > MOST_WAITING ? done : Promise.resolve();
  }

  /** Resolves once every write asked for so far is durable; rejects with the first failure. */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
    if (this.failure) throw this.failure;
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting;
        this.waiting = [];
        await this.make(batch);
      }
    } finally {
      this.draining = null;
    }
  }

  private async make(batch: readonly Waiting[]): Promise<void> {
    try {
      if (this.failure) throw this.failure;
      await Promise.all(batch.map((write) => fsyncOffThread(write.fd)));
      for (const write of batch) {
        try {
          linkSync(write.temporary, write.target);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          throw new FlowbenchError(ErrorCode.store, `The record ${write.target} already exists; records are written once.`);
        }
      }
      await Promise.all([...new Set(batch.flatMap((write) => write.folders))].map((folder) => syncFolder(folder)));
      for (const write of batch) write.made.resolve();
    } catch (error) {
      this.failure ??= error as Error;
      // What was linked stays (each record is whole); nothing after the failure is linked.
      for (const write of batch) write.made.reject(this.failure);
    } finally {
      for (const write of batch) {
        closeSync(write.fd);
        try {
          unlinkSync(write.temporary);
        } catch {
          // nothing to remove
        }
      }
    }
  }
}
