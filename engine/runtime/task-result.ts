import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import type { ArtifactRecord, TransitionRecord } from '../store/records.js';
import type { ContentAddressedStore } from '../store/content-addressed-store.js';
import { jsonlToParquet } from '../tables/jsonl-to-parquet.js';

/** `result.json` as the step runtime writes it (docs/task-protocol.md). */
export interface RuntimeResult {
  readonly protocol: number;
  readonly status: 'ok' | 'caught' | 'error';
  readonly artifacts: {
    readonly [name: string]: {
      readonly sha: string;
      readonly encoding: 'json' | 'pickle';
      readonly type: string;
      readonly size: number;
      readonly preview: string;
      readonly table?: {
        readonly sha: string;
        readonly format: 'parquet' | 'jsonl';
        readonly rows: number;
        readonly columns: readonly { readonly name: string; readonly dtype: string }[];
      };
      readonly image?: { readonly sha: string; readonly mime: 'image/png' | 'image/jpeg' };
    };
  };
  readonly transition: {
    readonly kind: TransitionRecord['kind'];
    readonly targets: readonly string[];
    readonly foreach_var?: string;
    readonly num_splits?: number;
    readonly switch_case?: string;
  } | null;
  readonly exception: { readonly type: string; readonly message: string; readonly traceback?: string } | null;
}

/** The attempt's `result.json`, or null when the runtime wrote none (a small file: read in one blocking call). */
export async function readRuntimeResult(outputDir: string): Promise<RuntimeResult | null> {
  const path = join(outputDir, 'result.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    return JSON.parse(text) as RuntimeResult;
  } catch (error) {
    throw new FlowbenchError(ErrorCode.python, `The step runtime wrote an unreadable result (${path}): ${(error as Error).message}.`);
  }
}

export function transitionRecord(result: RuntimeResult): TransitionRecord | undefined {
  const t = result.transition;
  if (!t) return undefined;
  return {
    kind: t.kind,
    targets: [...t.targets],
    ...(t.foreach_var !== undefined ? { foreachVar: t.foreach_var } : {}),
    ...(t.num_splits !== undefined ? { numSplits: t.num_splits } : {}),
    ...(t.switch_case !== undefined ? { switchCase: String(t.switch_case) } : {}),
  };
}

/**
 * Moves a finished task's outputs into the store and returns its artifact records. New blobs
 * come from `outputDir/blobs`; an artifact the task inherited unchanged points at a blob that is
 * already stored. Tables written as JSON lines are converted to Parquet here.
 */
export async function ingestArtifacts(
  result: RuntimeResult,
  outputDir: string,
  blobs: ContentAddressedStore,
  inputArtifacts: readonly { readonly [name: string]: ArtifactRecord }[] = [],
): Promise<{ [name: string]: ArtifactRecord }> {
  const records: { [name: string]: ArtifactRecord } = {};
  // An artifact passed on unchanged (inherited, or merged in a join) keeps its input's record,
  // including the Parquet table the engine made for it.
  const known = new Map<string, ArtifactRecord>();
  for (const artifacts of inputArtifacts) for (const record of Object.values(artifacts)) known.set(record.sha, record);
  // What the task wrote, read once: every other artifact is passed on or already stored.
  const written = new Set(blobFolderNames(join(outputDir, 'blobs')));
  const ingest = async (sha: string, what: string): Promise<void> => {
    // Moved into the store once: a second artifact with the same content then finds it there.
    if (written.delete(sha)) await blobs.ingestFile(join(outputDir, 'blobs', sha), sha);
    else if (!(await blobs.has(sha))) {
      throw new FlowbenchError(ErrorCode.store, `The task reported ${what} as blob ${sha}, but wrote no such blob.`);
    }
  };
  for (const [name, artifact] of Object.entries(result.artifacts)) {
    const passedOn = known.get(artifact.sha);
    if (passedOn && !written.has(artifact.sha)) {
      records[name] = passedOn;
      continue;
    }
    await ingest(artifact.sha, `artifact "${name}"`);
    let table: ArtifactRecord['table'];
    if (artifact.table) {
      const { format, rows, columns } = artifact.table;
      let tableSha = artifact.table.sha;
      if (format === 'jsonl') {
        if (written.has(tableSha)) {
          const parquet = join(outputDir, `${name}.parquet`);
          await jsonlToParquet(join(outputDir, 'blobs', tableSha), parquet, columns);
          tableSha = await blobs.adoptFile(parquet);
        } else {
          throw new FlowbenchError(ErrorCode.store, `The task reported a table for "${name}" but wrote no table file.`);
        }
      } else {
        await ingest(tableSha, `the table of "${name}"`);
      }
      table = { sha: tableSha, format: 'parquet', rows, columns };
    }
    if (artifact.image) await ingest(artifact.image.sha, `the image of "${name}"`);
    records[name] = {
      sha: artifact.sha,
      encoding: artifact.encoding,
      type: artifact.type,
      size: artifact.size,
      preview: artifact.preview,
      ...(table ? { table } : {}),
      ...(artifact.image ? { image: { sha: artifact.image.sha, mime: artifact.image.mime } } : {}),
    };
  }
  return records;
}

function blobFolderNames(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return []; // the task stored no new blob
  }
}
