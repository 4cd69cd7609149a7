import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { LocalByteStorage } from '../store/local-byte-storage.js';

/**
 * The store's folder read with synchronous calls, for the index's catch-up. A run's records are a
 * handful of small files; read through `fs/promises` each costs several trips through libuv's
 * thread pool, which on a loaded machine made a rebuild of 10,000 runs take most of a minute. The
 * same calls made synchronously cost a fraction of that. `RunStore` over this storage reads runs
 * exactly as it always does (`getRun`'s status logic stays in one place); only the file calls
 * differ. Answers equal LocalByteStorage's (sync-read-storage.test.ts holds them to it).
 *
 * It blocks the thread while it reads, so the catch-up yields to the event loop between batches
 * of runs (run-index.ts). Only reads are overridden; the index never writes through it.
 */
export class SyncReadStorage extends LocalByteStorage {
  override has(key: string): Promise<boolean> {
    return Promise.resolve(existsSync(this.pathOf(key)));
  }

  override get(key: string): Promise<Uint8Array | null> {
    try {
      return Promise.resolve(readFileSync(this.pathOf(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Promise.resolve(null);
      return Promise.reject(error as Error);
    }
  }

  override children(prefix: string): Promise<string[]> {
    const folder = prefix.replace(/\/$/, '');
    try {
      const entries = readdirSync(folder === '' ? this.root : this.pathOf(folder));
      return Promise.resolve(entries.filter((name) => !name.includes('.tmp-')).sort());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Promise.resolve([]);
      return Promise.reject(error as Error);
    }
  }

  override list(prefix: string): Promise<string[]> {
    const slash = prefix.lastIndexOf('/');
    const base = slash < 0 ? '' : prefix.slice(0, slash);
    const keys: string[] = [];
    try {
      walk(base === '' ? this.root : this.pathOf(base), (file) => {
        const key = relative(this.root, file).split(sep).join('/');
        if (key.startsWith(prefix) && !key.includes('.tmp-')) keys.push(key);
      });
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return Promise.resolve(keys.sort());
  }
}

function walk(folder: string, visit: (file: string) => void): void {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) walk(path, visit);
    else if (entry.isFile()) visit(path);
  }
}
