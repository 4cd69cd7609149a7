import { createReadStream, linkSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { link, mkdir, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makeFolderDurably, makeFolderDurablySync, syncFile, syncFileSync, syncFolder, syncFolderSync } from './durable-file.js';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { nodeCrypto } from '../util/crypto-on-use.js';
import type { LocalByteStorage } from './local-byte-storage.js';

const SHA256 = /^[0-9a-f]{64}$/;

/** `blobs/sha256/ab/abcdef…`: two-character fan-out keeps folders small. */
export function blobKey(sha: string): string {
  if (!SHA256.test(sha)) throw new FlowbenchError(ErrorCode.store, `Not a sha256 digest: ${JSON.stringify(sha)}.`);
  return `blobs/sha256/${sha.slice(0, 2)}/${sha}`;
}

export function sha256(bytes: Uint8Array): string {
  return nodeCrypto().createHash('sha256').update(bytes).digest('hex');
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = nodeCrypto().createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Artifacts, logs and code stored once per distinct content. Identical data saved by any task
 * of any run lands on the same key, so it is stored (and later synced) once.
 */
/**
 * Brings a blob that is not in the local store from elsewhere (engine/sync: the remote a pulled
 * run came from) into `targetPath`, atomically, after checking its digest. Resolves false when
 * no remote has it.
 */
export type BlobFetcher = (sha: string, targetPath: string) => Promise<boolean>;

/** Blobs up to this size are hashed and moved with blocking calls (see `ingestSmallFile`). */
const SMALL_BLOB = 256 * 1024;

/** Links `path` to `target` unless `target` exists (same digest, same bytes). */
function linkIfAbsent(path: string, target: string): void {
  try {
    linkSync(path, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

export class ContentAddressedStore {
  private fetcher: BlobFetcher | null = null;

  constructor(private readonly storage: LocalByteStorage) {}

  /**
   * Installs where missing blobs come from (teammates' runs are pulled records first, artifacts
   * on demand). Without one, a missing blob is an error.
   */
  setFetcher(fetcher: BlobFetcher | null): void {
    this.fetcher = fetcher;
  }

  /**
   * The local path of a blob, downloading it first when it is missing and a fetcher is set.
   * Readers that open blob files themselves (DuckDB, Python) call this instead of `pathOf`.
   */
  async ensureLocal(sha: string): Promise<string> {
    const path = this.pathOf(sha);
    if (await this.storage.has(blobKey(sha))) return path;
    if (this.fetcher) {
      await mkdir(dirname(path), { recursive: true });
      if (await this.fetcher(sha, path)) return path;
    }
    throw new FlowbenchError(ErrorCode.notFound, `Blob ${sha} is missing from the store at ${this.storage.root}${this.fetcher ? ' and from the remotes' : ''}.`);
  }

  async putBytes(bytes: Uint8Array): Promise<string> {
    const sha = sha256(bytes);
    await this.storage.put(blobKey(sha), bytes, { ifAbsent: true });
    return sha;
  }

  async getBytes(sha: string): Promise<Uint8Array> {
    if (this.fetcher) await this.ensureLocal(sha);
    const bytes = await this.storage.get(blobKey(sha));
    if (bytes === null) {
      throw new FlowbenchError(ErrorCode.notFound, `Blob ${sha} is missing from the store at ${this.storage.root}.`);
    }
    if (sha256(bytes) !== sha) {
      throw new FlowbenchError(ErrorCode.store, `Blob ${sha} is corrupt (its content no longer matches its digest).`);
    }
    return bytes;
  }

  has(sha: string): Promise<boolean> {
    return this.storage.has(blobKey(sha));
  }

  /** Where a blob lives on disk (the step runtime reads inputs in place). */
  pathOf(sha: string): string {
    return this.storage.pathOf(blobKey(sha));
  }

  /**
   * Moves a file a task wrote into the store. The digest is checked, not trusted: a task (or a
   * container) cannot place content under a name that does not match it.
   */
  async ingestFile(path: string, claimedSha: string): Promise<void> {
    if (statSync(path).size <= SMALL_BLOB) {
      try {
        this.ingestSmallFile(path, claimedSha);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error; // another disk: copied below
      }
    }
    const actual = await sha256OfFile(path);
    if (actual !== claimedSha) {
      throw new FlowbenchError(
        ErrorCode.store,
        `A task output ${path} claims digest ${claimedSha} but its content has ${actual}; it was not stored.`,
      );
    }
    const target = this.pathOf(actual);
    await makeFolderDurably(dirname(target));
    // The task wrote it without syncing: flush it before its name in the store exists.
    await syncFile(path);
    try {
      await link(path, target);
      await syncFolder(dirname(target));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EXDEV') {
        // Different file systems: copy through bytes (still atomic via put).
        await this.putBytes(await readFile(path));
      } else if (code !== 'EEXIST') {
        throw error;
      }
    }
    await unlink(path).catch(() => undefined);
  }

  /**
   * `ingestFile` for a small blob (most artifacts: a number, a short list), with blocking calls:
   * a thread-pool hop per call would cost more than the work (see LocalByteStorage.putSmall).
   */
  private ingestSmallFile(path: string, claimedSha: string): void {
    const actual = sha256(readFileSync(path));
    if (actual !== claimedSha) {
      throw new FlowbenchError(
        ErrorCode.store,
        `A task output ${path} claims digest ${claimedSha} but its content has ${actual}; it was not stored.`,
      );
    }
    const target = this.pathOf(actual);
    // The task wrote it without syncing: flush it before its name in the store exists.
    syncFileSync(path);
    try {
      linkIfAbsent(path, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      makeFolderDurablySync(dirname(target));
      linkIfAbsent(path, target);
    }
    syncFolderSync(dirname(target));
    unlinkSync(path);
  }

  /** Renames a file into place when the store and file share a disk (used for converted tables). */
  async adoptFile(path: string): Promise<string> {
    const sha = await sha256OfFile(path);
    const target = this.pathOf(sha);
    await makeFolderDurably(dirname(target));
    await syncFile(path);
    await rename(path, target);
    await syncFolder(dirname(target));
    return sha;
  }
}
