import { utimes } from 'node:fs/promises';
import { LEFTOVER_AFTER_MS } from '../store/leftover-temporaries.js';

/** A pid no process can have (Linux's PID_MAX_LIMIT is 4,194,304): a writer or engine that is gone. */
export const NO_SUCH_PID = 4_194_305;

/** Back-dates a file or folder past LEFTOVER_AFTER_MS, as a temporary left by a killed writer. */
export async function ageAsLeftover(path: string): Promise<void> {
  const seconds = (Date.now() - LEFTOVER_AFTER_MS - 1000) / 1000;
  await utimes(path, seconds, seconds);
}
