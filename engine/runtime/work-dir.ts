import { mkdirSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The scratch folder of one attempt, `work/<RunId>/<TaskId>-<attempt>/`: the spec the runtime
 * reads and `out/`, where it leaves `result.json` and `blobs/` for the engine to ingest. Not a
 * record: it is removed once the attempt is ingested (and the run's whole `work/<RunId>` when the
 * run ends).
 *
 * Blocking calls on purpose: these are a few tiny files per task, and a thread-pool hop per call
 * costs more than the call (bench/local-overhead.mjs, engine CPU per task).
 */
export class AttemptWorkDir {
  readonly outputDir: string;
  readonly specPath: string;

  constructor(readonly path: string) {
    this.outputDir = join(path, 'out');
    this.specPath = join(path, 'spec.json');
  }

  /** Creates the (empty) output folder and writes the spec. */
  create(spec: object): void {
    mkdirSync(this.outputDir, { recursive: true });
    writeFileSync(this.specPath, JSON.stringify(spec));
  }

  /**
   * Removes what a finished attempt leaves once its blobs were moved into the store: named
   * removals, and a recursive one only when something unexpected is left.
   */
  async remove(): Promise<void> {
    try {
      for (const file of [this.specPath, join(this.outputDir, 'result.json')]) unlinkIfPresent(file);
      for (const folder of [join(this.outputDir, 'blobs'), this.outputDir, this.path]) rmdirIfPresent(folder);
    } catch {
      await rm(this.path, { recursive: true, force: true });
    }
  }
}

function unlinkIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function rmdirIfPresent(path: string): void {
  try {
    rmdirSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
