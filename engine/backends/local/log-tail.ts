import { closeSync, openSync, readSync, statSync } from 'node:fs';

/**
 * Follows a log file that another process appends to, and hands out complete lines. Polling
 * (not fs.watch) because it behaves the same on every platform and file system; 100 ms is
 * below what a person notices in a log panel.
 *
 * Blocking calls, and a `stat` first: most polls find nothing new (most tasks print little), and
 * one stat is cheaper than an open, a read and a close through the thread pool.
 */
export class LogTail {
  private offset = 0;
  private partial = '';
  private readonly decoder = new TextDecoder();
  /** Reads run one at a time: two at once would both start at the same offset (lines twice). */

  constructor(private readonly path: string) {}

  /** Lines completed since the last call. With `final`, also the unterminated last line. */
  async read(final = false): Promise<string[]> {
    return this.readNow(final);
  }

  private readNow(final: boolean): string[] {
    let size: number;
    try {
      size = statSync(this.path).size;
    } catch {
      return this.flush(final, ''); // not created yet
    }
    if (size <= this.offset) return this.flush(final, '');
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return this.flush(final, '');
    }
    const chunks: string[] = [];
    try {
      const buffer = Buffer.alloc(Math.min(size - this.offset, 64 * 1024));
      for (;;) {
        const bytesRead = readSync(fd, buffer, 0, buffer.length, this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        chunks.push(this.decoder.decode(buffer.subarray(0, bytesRead), { stream: true }));
      }
    } finally {
      closeSync(fd);
    }
    return this.flush(final, chunks.join(''));
  }

  private flush(final: boolean, text: string): string[] {
    if (text === '' && !(final && this.partial !== '')) return [];
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    if (final && this.partial !== '') {
      lines.push(this.partial);
      this.partial = '';
    }
    return lines;
  }
}

export const LOG_POLL_MS = 100;
