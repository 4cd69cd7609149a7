/**
 * A power loss cannot be staged in a test, but what makes a write survive one can be watched:
 * the order of the file-system calls. A record's or blob's bytes are synced before its name is
 * linked into place, and its folder is synced after.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: string[] = [];
const name = (path: unknown): string => (String(path).includes('.tmp-') ? 'temp' : String(path).endsWith('.out') ? 'output' : basename(String(path)));

// Record-sized objects are written with blocking calls (LocalByteStorage.putSmall), larger ones
// with promises: both are watched.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const opened = new Map<number, string>();
  return {
    ...real,
    openSync: (path: string, flags: string = 'r') => {
      const fd = real.openSync(path, flags);
      opened.set(fd, String(path));
      return fd;
    },
    fsyncSync: (fd: number) => {
      calls.push(`sync ${name(opened.get(fd))}`);
      return real.fsyncSync(fd);
    },
    // OrderedWrites flushes on the thread pool.
    fsync: (fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
      calls.push(`sync ${name(opened.get(fd))}`);
      return real.fsync(fd, callback);
    },
    linkSync: (from: string, to: string) => {
      calls.push(`link ${name(from)} -> ${name(to)}`);
      return real.linkSync(from, to);
    },
    renameSync: (from: string, to: string) => {
      calls.push(`rename ${name(from)} -> ${name(to)}`);
      return real.renameSync(from, to);
    },
  };
});

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    open: async (path: string, flags?: string) => {
      const handle = await real.open(path, flags);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        calls.push(`sync ${name(path)}`);
        return sync();
      };
      return handle;
    },
    link: async (from: string, to: string) => {
      calls.push(`link ${name(from)} -> ${name(to)}`);
      return real.link(from, to);
    },
    rename: async (from: string, to: string) => {
      calls.push(`rename ${name(from)} -> ${name(to)}`);
      return real.rename(from, to);
    },
  };
});

const { LocalByteStorage } = await import('./local-byte-storage.js');
const { ContentAddressedStore, sha256 } = await import('./content-addressed-store.js');
const { OrderedWrites } = await import('./ordered-writes.js');

beforeEach(() => {
  calls.length = 0;
});

describe('durable writes', () => {
  it('a write-once record: bytes synced, then linked, then its folder synced', async () => {
    const storage = new LocalByteStorage(await mkdtemp(join(tmpdir(), 'flowbench-durable-')));
    await storage.put('runs/F/R1/run.json', Buffer.from('{}'), { ifAbsent: true });
    // The new folders runs/, runs/F/ and runs/F/R1 are each recorded in their parent first.
    expect(calls).toEqual([
      `sync ${basename(storage.root)}`,
      'sync runs',
      'sync F',
      'sync temp',
      'link temp -> run.json',
      'sync R1',
    ]);
  });

  it('a replaced file (the heartbeat): bytes synced, then renamed, then its folder synced', async () => {
    const storage = new LocalByteStorage(await mkdtemp(join(tmpdir(), 'flowbench-durable-')));
    await storage.put('runs/F/R1/heartbeat', Buffer.from('1'));
    calls.length = 0;
    await storage.put('runs/F/R1/heartbeat', Buffer.from('2'));
    expect(calls).toEqual(['sync temp', 'rename temp -> heartbeat', 'sync R1']);
  });

  it('a task output ingested as a blob: synced before it is linked into the store, folder after', async () => {
    const root = await mkdtemp(join(tmpdir(), 'flowbench-durable-'));
    const store = new ContentAddressedStore(new LocalByteStorage(root));
    const output = join(root, 'artifact.out');
    await writeFile(output, 'value');
    const sha = sha256(Buffer.from('value'));
    await store.ingestFile(output, sha);
    const fanout = basename(dirname(store.pathOf(sha)));
    // Its bytes first; then (the store's new folders recorded in their parents) the link; then its folder.
    expect(calls[0]).toBe('sync output');
    expect(calls.slice(-2)).toEqual([`link output -> ${sha}`, `sync ${fanout}`]);
  });

  it('records written in order: every waiting one flushed, then linked in order, then their folders flushed', async () => {
    const root = await mkdtemp(join(tmpdir(), 'flowbench-durable-'));
    const writes = new OrderedWrites();
    // Written together, made as one batch.
    await Promise.all([
      writes.write(join(root, 'tasks', 'a', '1', 'start.json'), Buffer.from('{}')),
      writes.write(join(root, 'tasks', 'a', '1', 'task.json'), Buffer.from('{}')),
    ]);
    await writes.settled();
    expect(calls.slice(0, 4)).toEqual(['sync temp', 'sync temp', 'link temp -> start.json', 'link temp -> task.json']);
    // Then the folders whose entries changed, each once: the record's and the parents of the new ones.
    expect(calls.slice(4).sort()).toEqual(['sync 1', 'sync a', `sync ${basename(root)}`, 'sync tasks'].sort());
  });
});
