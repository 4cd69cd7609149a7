import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertRemoteName } from './remote-url.js';

/** Where the last pull stopped in a remote's journal. */
export interface PullCursor {
  /** The newest journal key read. */
  readonly after: string | null;
  /** Journal keys read that are close to `after` (a later list starts a little before it). */
  readonly recent: readonly string[];
}

/** How the syncs with a remote went, for `sync.status`. */
export interface LastSync {
  /** The last sync that completed. */
  readonly ok: { readonly at: string; readonly summary: { pushedRuns: number; pulledRuns: number; bytesUp: number; bytesDown: number } } | null;
  /** The error of the last sync, when it failed (cleared by the next one that completes). */
  readonly error: { readonly at: string; readonly message: string } | null;
}

/**
 * What this store knows about one remote, under `$FLOWBENCH_HOME/sync/<remote>/`: local-only,
 * never pushed. Sets are append-only line files (a line appended after each object is confirmed
 * up, so a killed push resumes where it stopped); a torn last line is ignored.
 *
 *   runs-up.txt     Flow/RunId of runs whose bundle and journal entry are in the bucket
 *   runs-pulled.txt Flow/RunId of runs that came from the bucket (never pushed back)
 *   tags-up.txt     Flow/RunId/EventId of tag events in the bucket (pushed or pulled)
 *   blobs-up.txt    sha256 of blobs known to be in the bucket
 *   pull.json       the journal cursor (PullCursor)
 *   last-sync.json  the last completed sync's summary, and the last error (LastSync)
 */
export class SyncState {
  readonly dir: string;
  private readonly sets = new Map<string, Set<string>>();

  constructor(home: string, remote: string) {
    assertRemoteName(remote);
    this.dir = join(home, 'sync', remote);
  }

  private async set(name: string): Promise<Set<string>> {
    let set = this.sets.get(name);
    if (set) return set;
    set = new Set<string>();
    try {
      const text = await readFile(join(this.dir, name), 'utf8');
      const lines = text.split('\n');
      // The last element is '' after a complete file, or a torn line after a killed write.
      for (const line of lines.slice(0, -1)) if (line) set.add(line);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.sets.set(name, set);
    return set;
  }

  runsUp(): Promise<Set<string>> {
    return this.set('runs-up.txt');
  }

  runsPulled(): Promise<Set<string>> {
    return this.set('runs-pulled.txt');
  }

  tagsUp(): Promise<Set<string>> {
    return this.set('tags-up.txt');
  }

  blobsUp(): Promise<Set<string>> {
    return this.set('blobs-up.txt');
  }

  /** Adds entries to a set, on disk first. */
  async add(name: 'runs-up.txt' | 'runs-pulled.txt' | 'tags-up.txt' | 'blobs-up.txt', entries: readonly string[]): Promise<void> {
    if (entries.length === 0) return;
    const set = await this.set(name);
    await mkdir(this.dir, { recursive: true });
    await appendFile(join(this.dir, name), entries.map((entry) => `${entry}\n`).join(''));
    for (const entry of entries) set.add(entry);
  }

  async cursor(): Promise<PullCursor> {
    return (await this.readJson<PullCursor>('pull.json')) ?? { after: null, recent: [] };
  }

  setCursor(cursor: PullCursor): Promise<void> {
    return this.writeJson('pull.json', cursor);
  }

  /** A journal entry this store wrote: the next pull lists it but need not read it. */
  async noteOwnJournalEntry(key: string): Promise<void> {
    const cursor = await this.cursor();
    await this.setCursor({ after: cursor.after, recent: [...cursor.recent, key] });
  }

  lastSync(): Promise<LastSync | null> {
    return this.readJson<LastSync>('last-sync.json');
  }

  /** Records a sync's outcome: a summary when it completed, its message when it failed. */
  async recordSync(outcome: { summary: NonNullable<LastSync['ok']>['summary'] } | { error: string }): Promise<void> {
    const at = new Date().toISOString();
    const previous = await this.lastSync();
    const next: LastSync = 'error' in outcome ? { ok: previous?.ok ?? null, error: { at, message: outcome.error } } : { ok: { at, summary: outcome.summary }, error: null };
    await this.writeJson('last-sync.json', next);
  }

  private async readJson<T>(name: string): Promise<T | null> {
    try {
      return JSON.parse(await readFile(join(this.dir, name), 'utf8')) as T;
    } catch {
      // Missing or unreadable state only costs a longer listing next time.
      return null;
    }
  }

  private async writeJson(name: string, value: unknown): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, name);
    const temporary = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
    try {
      await writeFile(temporary, JSON.stringify(value));
      await rename(temporary, path);
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
  }
}
