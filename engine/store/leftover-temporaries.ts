import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeCrypto } from '../util/crypto-on-use.js';
import { processAlive } from '../util/process-alive.js';

/**
 * Every temporary the engine writes before renaming it into place is named `<target>.tmp-<pid>-…`
 * (records, blobs, code checkouts, a pulled run's staging folder). A process killed between the
 * write and the rename leaves it behind: never visible to readers (listings skip `.tmp-`), but
 * it takes disk space, and a killed ingest of a large artifact can leave gigabytes.
 */
const WRITER_PID = /\.tmp-(\d+)-/;

let processTag: string | undefined;
let temporaries = 0;

/**
 * A temporary name beside `target`, unique across processes (its writer's pid, which
 * `isLeftover` reads back, and a random tag, so a leftover of an earlier process with the same
 * pid is never met) and within this one (a counter).
 */
export function temporaryName(target: string): string {
  processTag ??= `${process.pid}-${nodeCrypto().randomBytes(4).toString('hex')}`;
  return `${target}.tmp-${processTag}-${(temporaries += 1)}`;
}

/**
 * How old a temporary must be before it can be a leftover: its writer may be alive in another
 * PID namespace (a container sharing the store), where `kill(pid, 0)` cannot see it; no write
 * into place takes this long.
 */
export const LEFTOVER_AFTER_MS = 60 * 60 * 1000;

/** Whether an entry of a folder is a temporary whose writer is gone. */
export function isLeftover(
  name: string,
  modifiedMs: number,
  now: number,
  alive: (pid: number) => boolean = processAlive,
): boolean {
  const writer = WRITER_PID.exec(name);
  if (writer === null) return false;
  return now - modifiedMs >= LEFTOVER_AFTER_MS && !alive(Number(writer[1]));
}

/**
 * Removes the leftover temporaries directly in `folder` (files or folders) and returns their
 * names. Tidying never fails the work it rides along with: an entry that cannot be read or
 * removed is left for the next time.
 */
export async function removeLeftoverTemporaries(folder: string, now = Date.now()): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!WRITER_PID.test(name)) continue;
    const path = join(folder, name);
    const info = await stat(path).catch(() => null);
    if (info === null || !isLeftover(name, info.mtimeMs, now)) continue;
    await rm(path, { recursive: true, force: true }).then(
      () => removed.push(name),
      () => undefined,
    );
  }
  return removed;
}
