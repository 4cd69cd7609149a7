import { describe, expect, it } from 'vitest';
import { transferPrinter } from './transfer-printer.js';

describe('transfer progress on the terminal', () => {
  const progress = (objectsDone: number, bytesDone: number, done = false) => ({
    remote: 'team', phase: 'push' as const, objectsDone, objectsTotal: 40, bytesDone, bytesTotal: 200 * 1024 * 1024, done,
  });

  it('stays quiet for a short transfer, then prints objects, bytes and the rate at most once a second', () => {
    let now = 0;
    const lines: string[] = [];
    const print = transferPrinter({ out: () => undefined, err: (line) => lines.push(line) }, () => now);
    now = 500;
    print(progress(1, 10 * 1024 * 1024));
    expect(lines).toEqual([]);
    now = 2000;
    print(progress(12, 120 * 1024 * 1024));
    now = 2500;
    print(progress(13, 130 * 1024 * 1024));
    now = 4000;
    print(progress(40, 200 * 1024 * 1024, true));
    expect(lines).toEqual([
      'push team: 12/40 objects, 120.0/200.0 MB, 60.0 MB/s',
      'push team: 40/40 objects, 200.0/200.0 MB, 50.0 MB/s',
    ]);
  });

  it('prints nothing at all for a transfer that ended within the quiet second', () => {
    let now = 0;
    const lines: string[] = [];
    const print = transferPrinter({ out: () => undefined, err: (line) => lines.push(line) }, () => now);
    now = 1500;
    print(progress(40, 1024, true));
    expect(lines).toEqual([]);
  });
});
