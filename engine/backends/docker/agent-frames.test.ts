import { describe, expect, it } from 'vitest';
import { FrameReader, type Frame } from './agent-frames.js';

const frame = (kind: string, payload: string): Buffer => {
  const body = Buffer.from(payload);
  const header = Buffer.alloc(5);
  header.write(kind, 0, 'latin1');
  header.writeUInt32BE(body.length, 1);
  return Buffer.concat([header, body]);
};

describe('FrameReader', () => {
  it('cuts frames out of chunks split anywhere, headers included', () => {
    const stream = Buffer.concat([frame('o', 'hello\n'), frame('F', 'blobs/abc'), frame('d', ''), frame('e', '{"event":"exited"}')]);
    for (const cut of [1, 3, 5, 7, 12, stream.length - 1]) {
      const frames: Frame[] = [];
      const reader = new FrameReader((f) => frames.push(f));
      expect(reader.push(stream.subarray(0, cut))).toBe(null);
      expect(reader.push(stream.subarray(cut))).toBe(null);
      expect(frames.map((f) => [f.kind, f.payload.toString()])).toEqual([
        ['o', 'hello\n'],
        ['F', 'blobs/abc'],
        ['d', ''],
        ['e', '{"event":"exited"}'],
      ]);
    }
  });

  it('stops at the first frame its handler refuses, and says why', () => {
    const reader = new FrameReader(() => {
      throw new Error('refused');
    });
    expect(reader.push(frame('e', 'x'))?.message).toBe('refused');
    expect(reader.push(frame('e', 'y'))?.message).toBe('refused');
  });
});
