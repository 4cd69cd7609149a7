import { open } from 'node:fs/promises';

/**
 * Follows a log file that another process appends to, and hands out complete lines. Polling
 * (not fs.watch) because it behaves the same on every platform and file system; 100 ms is
 * below what a person notices in a log panel.
 */
export class LogTail {
  private offset = 0;
  private partial = '';
  private readonly decoder = new TextDecoder();
  /** Reads run one at a time: two at once would both start at the same offset (lines twice). */
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly path: string) {}

  /** Lines completed since the last call. With `final`, also the unterminated last line. */
  read(final = false): Promise<string[]> {
    const next = this.last.then(() => this.readNow(final));
    this.last = next.catch(() => undefined);
    return next;
  }

  private async readNow(final: boolean): Promise<string[]> {
    let handle;
    try {
      handle = await open(this.path, 'r');
    } catch {
      return [];
    }
    try {
      const chunks: string[] = [];
      const buffer = Buffer.alloc(64 * 1024);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        chunks.push(this.decoder.decode(buffer.subarray(0, bytesRead), { stream: true }));
      }
      const text = this.partial + chunks.join('');
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      if (final && this.partial !== '') {
        lines.push(this.partial);
        this.partial = '';
      }
      return lines;
    } finally {
      await handle.close();
    }
  }
}

export const LOG_POLL_MS = 100;
