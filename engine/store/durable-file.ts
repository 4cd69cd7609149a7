import { closeSync, fsync, fsyncSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

/**
 * What makes a write survive a power loss: a file's bytes reach the disk (`fsync`) before its
 * name is linked into place, and the folder holding the name is synced after, so a record is
 * either whole or absent after a crash — never present and empty.
 */

/** Flushes a file's content to the disk. */
export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync of an open descriptor, run on the thread pool: one round trip instead of open, sync, close. */
export const fsyncOffThread = promisify(fsync);

/**
 * Flushes a folder's entries (names added, renamed or removed) to the disk. Platforms that cannot
 * open a folder for syncing (Windows) do without. The folder is opened and closed with blocking
 * calls (instant) and only the flush goes to the thread pool: one round trip, not three.
 */
export async function syncFolder(path: string): Promise<void> {
  const fd = openFolderSync(path);
  if (fd === null) return;
  try {
    await fsyncOffThread(fd);
  } catch (error) {
    if (!cannotFlushFolders(error)) throw error;
  } finally {
    closeSync(fd);
  }
}

/** The errors of a platform that cannot open a folder to flush it (Windows). */
function cannotOpenFolders(error: unknown): boolean {
  return ['EISDIR', 'EPERM', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '');
}

/** The errors of a file system that cannot flush a folder. */
function cannotFlushFolders(error: unknown): boolean {
  return ['EINVAL', 'EBADF', 'ENOTSUP'].includes((error as NodeJS.ErrnoException).code ?? '');
}

/** A folder opened to flush it, or null where folders cannot be opened. */
function openFolderSync(path: string): number | null {
  try {
    return openSync(path, 'r');
  } catch (error) {
    if (cannotOpenFolders(error)) return null;
    throw error;
  }
}

/**
 * The folders `mkdir -p folder` made, topmost first, from what it returned (the topmost folder it
 * made, or undefined when `folder` was there already). Each one's parent must be flushed for it
 * to survive a power loss.
 */
export function foldersCreated(first: string | undefined, folder: string): string[] {
  if (first === undefined) return [];
  const created: string[] = [];
  for (let dir = folder; ; dir = dirname(dir)) {
    created.unshift(dir);
    if (dir === first || dirname(dir) === dir) return created;
  }
}

/**
 * `mkdir -p` whose new folders are themselves recorded durably: each new folder's parent is
 * synced, from the topmost one created down.
 */
export async function makeFolderDurably(folder: string): Promise<void> {
  const first = await mkdir(folder, { recursive: true });
  for (const dir of foldersCreated(first, folder)) await syncFolder(dirname(dir));
}

/** Writes bytes to a new file (failing if it exists) and flushes them to the disk. */
export async function writeNewFileDurably(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// ---- The same, with blocking calls, for record-sized files (see LocalByteStorage.putSmall) ----

/** `syncFile` with blocking calls. */
export function syncFileSync(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** `syncFolder` with blocking calls. */
export function syncFolderSync(path: string): void {
  const fd = openFolderSync(path);
  if (fd === null) return;
  try {
    fsyncSync(fd);
  } catch (error) {
    if (!cannotFlushFolders(error)) throw error;
  } finally {
    closeSync(fd);
  }
}

/** `makeFolderDurably` with blocking calls. */
export function makeFolderDurablySync(folder: string): void {
  const first = mkdirSync(folder, { recursive: true });
  for (const dir of foldersCreated(first, folder)) syncFolderSync(dirname(dir));
}

/** `writeNewFileDurably` with blocking calls. */
export function writeNewFileDurablySync(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'wx');
  try {
    writeFileSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
