import type { ProgressListener } from '../sync/transfer-progress.js';
import type { CliOutput } from './output.js';

/** A transfer shorter than this prints no progress lines (only its summary). */
const QUIET_MS = 1000;
const EVERY_MS = 1000;

/**
 * Progress lines for long transfers on stderr, at most one a second:
 * `push origin: 12/40 objects, 120.5/200.0 MB, 45.1 MB/s`.
 */
export function transferPrinter(output: CliOutput, now: () => number = Date.now): ProgressListener {
  // The clock starts with the transfer's first event (not with loading the SDK or listing).
  let started: number | null = null;
  let last = 0;
  return (progress) => {
    const time = now();
    started ??= time;
    if (time - started < QUIET_MS || (time - last < EVERY_MS && !progress.done)) return;
    if (progress.done && last === 0) return;
    last = time;
    const mb = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);
    const rate = progress.bytesDone / Math.max(0.001, (time - started) / 1000);
    const objects = `${progress.phase} ${progress.remote}: ${progress.objectsDone}/${progress.objectsTotal} objects`;
    output.err(progress.bytesTotal === 0 ? objects : `${objects}, ${mb(progress.bytesDone)}/${mb(progress.bytesTotal)} MB, ${mb(rate)} MB/s`);
  };
}
