import { createWriteStream, type WriteStream } from 'node:fs';
import { Writable } from 'node:stream';

/**
 * One stream of a container's output (stdout or stderr, already demultiplexed): every byte goes
 * to the task's log file, and every complete line is handed out as it arrives.
 */
export class LogSink extends Writable {
  private readonly file: WriteStream;
  private readonly decoder = new TextDecoder();
  private partial = '';

  constructor(path: string, private readonly onLine: (line: string) => void) {
    super();
    this.file = createWriteStream(path, { flags: 'a' });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const lines = (this.partial + this.decoder.decode(chunk, { stream: true })).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.onLine(line);
    this.file.write(chunk, callback);
  }

  /** Writes a line of our own (e.g. image pull progress) into the log, as if the task had. */
  note(line: string): void {
    this.file.write(`${line}\n`);
    this.onLine(line);
  }

  /** Hands out the unterminated last line and closes the file, once every chunk written has gone through. */
  async finish(): Promise<void> {
    await new Promise<void>((resolve) => this.end(resolve));
    if (this.partial !== '') {
      this.onLine(this.partial);
      this.partial = '';
    }
    await new Promise<void>((resolve) => this.file.end(resolve));
  }
}
