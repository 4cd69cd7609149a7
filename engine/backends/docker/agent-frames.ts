/**
 * The frames a container's agent writes on its stdout (resources/python/flowbench/
 * container_agent.py): one kind byte, a 4-byte big-endian payload length, the payload.
 *
 *   o  task stdout bytes      r  task stderr bytes
 *   F  an output file starts (its path inside out/)      d  that file's next bytes
 *   e  one worker event (JSON)
 */
export interface Frame {
  readonly kind: string;
  readonly payload: Buffer;
}

const HEADER = 5;

/**
 * Cuts a byte stream into frames, whatever the chunk boundaries. `onFrame` may throw: `push`
 * then returns the error (for a Writable's callback) and the reader stops.
 */
export class FrameReader {
  private buffered: Buffer[] = [];
  private length = 0;
  private failed: Error | null = null;

  constructor(private readonly onFrame: (frame: Frame) => void) {}

  push(chunk: Buffer): Error | null {
    if (this.failed) return this.failed;
    this.buffered.push(chunk);
    this.length += chunk.length;
    let data = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered, this.length);
    let offset = 0;
    try {
      while (data.length - offset >= HEADER) {
        const size = data.readUInt32BE(offset + 1);
        if (data.length - offset < HEADER + size) break;
        const kind = String.fromCharCode(data[offset]!);
        const payload = data.subarray(offset + HEADER, offset + HEADER + size);
        offset += HEADER + size;
        this.onFrame({ kind, payload });
      }
    } catch (error) {
      this.failed = error instanceof Error ? error : new Error(String(error));
      return this.failed;
    }
    data = data.subarray(offset);
    this.buffered = data.length > 0 ? [data] : [];
    this.length = data.length;
    return null;
  }
}
