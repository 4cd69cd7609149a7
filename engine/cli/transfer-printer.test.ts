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
    now = 100; // the first event starts the clock
    print(progress(0, 0));
    now = 500;
    print(progress(1, 10 * 1024 * 1024));
    expect(lines).toEqual([]);
    now = 2100;
    print(progress(12, 120 * 1024 * 1024));
    now = 2600;
    print(progress(13, 130 * 1024 * 1024));
    now = 4100;
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
    now = 5000;
    print(progress(0, 0));
    now = 5900;
    print(progress(40, 1024, true));
    expect(lines).toEqual([]);
  });

  it('counts objects alone while their sizes are unknown (a pull reading the journal)', () => {
    let now = 0;
    const lines: string[] = [];
    const print = transferPrinter({ out: () => undefined, err: (line) => lines.push(line) }, () => now);
    print({ ...progress(0, 0), bytesTotal: 0, phase: 'pull' });
    now = 1500;
    print({ ...progress(3, 0), bytesTotal: 0, phase: 'pull' });
    expect(lines).toEqual(['pull team: 3/40 objects']);
  });
});
