import { existsSync, linkSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { link, readFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { assertSafeKey, type ByteStorage } from './byte-storage.js';
import {
  makeFolderDurably,
  makeFolderDurablySync,
  syncFolder,
  syncFolderSync,
  writeNewFileDurably,
  writeNewFileDurablySync,
} from './durable-file.js';
import { temporaryName } from './leftover-temporaries.js';

/**
 * ByteStorage on a local folder. Every write goes to a temporary file in the target folder,
 * flushed to the disk, and is then renamed (or linked) into place and the folder flushed, so
 * neither a crash nor a power loss leaves half an object under its real name. Several
 * processes may share one folder: distinct keys never collide, and a write-once key is claimed
 * with `link()`, which fails when the name exists.
 */
export class LocalByteStorage implements ByteStorage {
  constructor(readonly root: string) {}

  /** The file behind a key (local-only fast paths: Python reads blobs in place, logs are tailed). */
  pathOf(key: string): string {
    assertSafeKey(key);
    return join(this.root, ...key.split('/'));
  }

  async has(key: string): Promise<boolean> {
    try {
      await stat(this.pathOf(key));
      return true;
    } catch {
      return false;
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    const path = this.pathOf(key);
    try {
      // A record-sized object is read with blocking calls, like `putSmall` writes it: its four
      // asynchronous steps (open, stat, read, close) would each be a thread-pool round trip.
      if (statSync(path).size <= SMALL_WRITE) return readFileSync(path);
      return await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async put(key: string, bytes: Uint8Array, options: { ifAbsent?: boolean } = {}): Promise<boolean> {
    // A write-once name already there was claimed first, whole: the answer is known without
    // writing and flushing a temporary only for its link to fail (every run snapshots the same
    // code files, whose blobs are nearly always present).
    const target = this.pathOf(key);
    if (options.ifAbsent === true && existsSync(target)) return false;
    if (bytes.length <= SMALL_WRITE) return this.putSmall(target, bytes, options.ifAbsent === true);
    await makeFolderDurably(dirname(target));
    const temporary = temporaryName(target);
    try {
      await writeNewFileDurably(temporary, bytes);
      if (options.ifAbsent) await link(temporary, target);
      else await rename(temporary, target);
      await syncFolder(dirname(target));
      return true;
    } catch (error) {
      if (options.ifAbsent && (error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      // After a rename there is nothing left; after a link or a failed write, the temporary goes.
      await unlink(temporary).catch(() => undefined);
    }
  }

  /**
   * `put` for a record-sized object, with blocking calls: each asynchronous call is a hop to
   * libuv's thread pool and back, which for a file of a few hundred bytes costs several times the
   * write itself (a run writes three records per task; see bench/local-overhead.mjs). The folder
   * is created only when the first write finds it missing. Durable like `put`: the bytes are
   * flushed before the name is linked, and the folder after.
   */
  private putSmall(target: string, bytes: Uint8Array, ifAbsent: boolean): boolean {
    const temporary = temporaryName(target);
    try {
      try {
        writeNewFileDurablySync(temporary, bytes);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        makeFolderDurablySync(dirname(target));
        writeNewFileDurablySync(temporary, bytes);
      }
      if (ifAbsent) linkSync(temporary, target);
      else renameSync(temporary, target);
      syncFolderSync(dirname(target));
      return true;
    } catch (error) {
      if (ifAbsent && (error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      // After a rename there is nothing left; after a link or a failed write, the temporary goes.
      try {
        unlinkSync(temporary);
      } catch {
        // already renamed into place, or never written
      }
    }
  }

  async children(prefix: string): Promise<string[]> {
    const folder = prefix.replace(/\/$/, '');
    try {
      const entries = await readdir(folder === '' ? this.root : this.pathOf(folder));
      return entries.filter((name) => !name.includes('.tmp-')).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    // Walk only the folder the prefix names, then filter by the rest of the prefix.
    const slash = prefix.lastIndexOf('/');
    const base = slash < 0 ? '' : prefix.slice(0, slash);
    const start = base === '' ? this.root : this.pathOf(base);
    const keys: string[] = [];
    await walk(start, (file) => {
      const key = relative(this.root, file).split(sep).join('/');
      if (key.startsWith(prefix) && !key.includes('.tmp-')) keys.push(key);
    });
    return keys.sort();
  }
}

/** Objects up to this size are written with blocking calls (see `putSmall`). */
const SMALL_WRITE = 256 * 1024;

/**
 * Visits every file under `folder`. Sibling folders are read at once, not one after another: a run
 * of five tasks is some twenty folders, and each read is a round trip to the thread pool, so
 * reading them in turn left `flowbench show` waiting ~5 ms. The order of visits is not defined.
 */
async function walk(folder: string, visit: (file: string) => void): Promise<void> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const folders: Promise<void>[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) folders.push(walk(path, visit));
    else if (entry.isFile()) visit(path);
  }
  await Promise.all(folders);
}
