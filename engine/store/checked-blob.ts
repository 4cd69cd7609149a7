import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { sha256OfFile, type ContentAddressedStore } from './content-addressed-store.js';

/** Blobs whose digest this process checked, with the size and mtime they had then. */
const checked = new Map<string, string>();

/**
 * The local path of a blob that DuckDB is about to read, after checking its digest — as a stream,
 * so a 2 GB table is never in memory — once per blob: the check is remembered (in this process,
 * and across processes in `index/verified/<sha>`) for as long as the file's size and mtime stay
 * what they were. Blobs are write-once, so a changed file is exactly what gets checked again.
 * A teammate's blob is downloaded first (`ensureLocal`). `markerDir`: where checks are
 * remembered across processes (`$FLOWBENCH_HOME/index/verified`); null for this process only.
 */
export async function checkedBlobPath(blobs: ContentAddressedStore, sha: string, markerDir: string | null): Promise<string> {
  const path = await blobs.ensureLocal(sha);
  const stats = statSync(path, { bigint: true });
  const stamp = `${stats.size} ${stats.mtimeNs}`;
  if (checked.get(sha) === stamp) return path;
  const marker = markerDir === null ? null : join(markerDir, sha);
  if (marker !== null && readMarker(marker) === stamp) {
    checked.set(sha, stamp);
    return path;
  }
  const actual = await sha256OfFile(path);
  if (actual !== sha) {
    throw new FlowbenchError(ErrorCode.store, `Blob ${sha} is corrupt (its content no longer matches its digest); it was not read.`);
  }
  checked.set(sha, stamp);
  if (marker === null) return path;
  try {
    mkdirSync(markerDir!, { recursive: true });
    writeFileSync(`${marker}.${process.pid}.tmp`, stamp);
    renameSync(`${marker}.${process.pid}.tmp`, marker);
  } catch {
    // The marker only saves time; without it the next process checks again.
  }
  return path;
}

function readMarker(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
