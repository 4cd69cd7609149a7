import { randomBytes } from 'node:crypto';
import { link, readFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { assertSafeKey, type ByteStorage } from './byte-storage.js';
import { makeFolderDurably, syncFolder, writeNewFileDurably } from './durable-file.js';

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
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async put(key: string, bytes: Uint8Array, options: { ifAbsent?: boolean } = {}): Promise<boolean> {
    const target = this.pathOf(key);
    await makeFolderDurably(dirname(target));
    const temporary = `${target}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
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
    await walk(start, async (file) => {
      const key = relative(this.root, file).split(sep).join('/');
      if (key.startsWith(prefix) && !key.includes('.tmp-')) keys.push(key);
    });
    return keys.sort();
  }
}

async function walk(folder: string, visit: (file: string) => Promise<void>): Promise<void> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await walk(path, visit);
    else if (entry.isFile()) await visit(path);
  }
}
