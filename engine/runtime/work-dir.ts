import { closeSync, mkdirSync, openSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The scratch folder of one attempt: the spec the runtime reads and `out/`, where it leaves
 * `result.json` and `blobs/` for the engine to ingest. Not a record, never synced.
 *
 * Blocking calls on purpose: these are a few tiny files per task, and a thread-pool hop per call
 * costs more than the call (bench/local-overhead.mjs, engine CPU per task).
 */
export class AttemptWorkDir {
  readonly outputDir: string;
  readonly specPath: string;
  private readonly blobsDir: string;

  constructor(readonly path: string) {
    this.outputDir = join(path, 'out');
    this.blobsDir = join(this.outputDir, 'blobs');
    this.specPath = join(path, 'spec.json');
  }

  /**
   * Writes the spec, its JSON text given in pieces (a join's spec lists every input: written as
   * it is made, it is never held whole); the output folder is created the first time the folder
   * is used.
   */
  prepare(specText: Iterable<string>, fresh: boolean): void {
    if (fresh) mkdirSync(this.blobsDir, { recursive: true });
    const fd = openSync(this.specPath, 'w');
    try {
      for (const piece of specText) writeFileSync(fd, piece); // from the current position, all of it
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Empties the folder of what a finished attempt leaves once its blobs were moved into the
   * store (the spec, `result.json`, any blob it wrote twice). True when it is empty again and
   * can be used by the next attempt; false when something else was left (it is then removed).
   */
  async empty(): Promise<boolean> {
    try {
      unlinkSync(this.specPath);
      for (const name of readdirSync(this.blobsDir)) unlinkSync(join(this.blobsDir, name));
      for (const name of readdirSync(this.outputDir)) {
        if (name === 'blobs') continue;
        if (name !== 'result.json') throw new Error(`unexpected ${name}`);
        unlinkSync(join(this.outputDir, name));
      }
      return true;
    } catch {
      await rm(this.path, { recursive: true, force: true });
      return false;
    }
  }
}

/**
 * The scratch folders of a run, `work/<RunId>/slot-<n>/`, reused from one attempt to the next:
 * on ext4 mounted with `discard` (common on cloud disks) removing a folder costs ~2 ms of
 * blocking time, creating one ~0.25 ms, so a run makes about as many as tasks run at once and
 * never removes one until it ends (FlowRun removes `work/<RunId>`).
 */
export class WorkDirPool {
  private readonly free: AttemptWorkDir[] = [];
  private made = 0;

  constructor(private readonly runWorkDir: string) {}

  /** An empty scratch folder, and the spec (JSON text made for that folder, in pieces) written into it. */
  take(spec: (dir: AttemptWorkDir) => Iterable<string>): AttemptWorkDir {
    const reused = this.free.pop();
    const dir = reused ?? new AttemptWorkDir(join(this.runWorkDir, `slot-${(this.made += 1)}`));
    dir.prepare(spec(dir), reused === undefined);
    return dir;
  }

  /** Empties a folder after its attempt was ingested, and keeps it for the next one. */
  async give(dir: AttemptWorkDir): Promise<void> {
    if (await dir.empty()) this.free.push(dir);
  }
}
