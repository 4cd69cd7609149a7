import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { duckdb, sqlString } from '../tables/duckdb.js';
import { checkedBlobPath } from './checked-blob.js';
import type { ArtifactRecord } from './records.js';
import type { ContentAddressedStore } from './content-addressed-store.js';
import { parseExactJson, toPlainJson } from '../util/exact-json.js';

export type ArtifactValue =
  | { readonly kind: 'json'; readonly value: unknown }
  | {
      readonly kind: 'table';
      readonly columns: readonly string[];
      readonly rows: readonly { readonly [column: string]: unknown }[];
      readonly totalRows: number;
    }
  | { readonly kind: 'repr'; readonly repr: string; readonly message?: string }
  | { readonly kind: 'image'; readonly mime: 'image/png' | 'image/jpeg'; readonly base64: string };

/**
 * Reads an artifact back for a person: JSON values as they are, tables as their first rows (from
 * Parquet, through DuckDB), pictures (PNG/JPEG bytes, matplotlib figures, saved as images by the
 * task) as images, anything else as its Python repr — made by a separate, short-lived Python
 * process with a time limit, never by the engine; when it fails, the stored preview and a message
 * saying why.
 *
 * Numbers of a JSON value are never rounded. With `exact`, a number JS would print differently
 * (an integer beyond ±2^53, a float such as `2.0`) is an `ExactNumber` that `stringifyExactJson`
 * writes back as Python wrote it (the CLI). Without it (the API, which JSON carries to a browser),
 * such an integer is its exact decimal digits as a string, and a float is a plain number.
 */
export async function readArtifactValue(
  blobs: ContentAddressedStore,
  artifact: ArtifactRecord,
  options: {
    python: string;
    flowDir?: string;
    maxRows?: number;
    timeLimitMs?: number;
    verifiedDir?: string;
    exact?: boolean;
    /**
     * False for a run pulled from a teammate: unpickling runs whatever code the pickle names, so a
     * teammate's pickled value is never unpickled here — its preview (made when it was saved) is shown.
     */
    unpickle?: boolean;
  },
): Promise<ArtifactValue> {
  if (artifact.table) {
    // Checked as a stream and read by DuckDB in place: a large table never sits in memory.
    const path = await checkedBlobPath(blobs, artifact.table.sha, options.verifiedDir ?? null);
    const connection = await duckdb();
    const limit = options.maxRows ?? 10;
    const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet(${sqlString(path)}) LIMIT ${limit}`);
    return { kind: 'table', columns: reader.columnNames(), rows: reader.getRowObjectsJson() as { [column: string]: unknown }[], totalRows: artifact.table.rows };
  }
  if (artifact.image) {
    const image = await blobs.getBytes(artifact.image.sha);
    return { kind: 'image', mime: artifact.image.mime, base64: Buffer.from(image).toString('base64') };
  }
  const bytes = await blobs.getBytes(artifact.sha);
  if (artifact.encoding === 'json') {
    const value = parseExactJson(Buffer.from(bytes).toString('utf8'));
    return { kind: 'json', value: options.exact ? value : toPlainJson(value) };
  }
  if (options.unpickle === false) {
    return { kind: 'repr', repr: artifact.preview, message: PULLED_PICKLE_MESSAGE };
  }
  try {
    return { kind: 'repr', repr: await pythonRepr(options.python, blobs.pathOf(artifact.sha), options.flowDir, options.timeLimitMs ?? REPR_TIME_LIMIT_MS) };
  } catch (error) {
    return { kind: 'repr', repr: artifact.preview, message: `The saved preview is shown: ${(error as Error).message}` };
  }
}

/** Why a teammate's pickled value shows its saved preview. */
export const PULLED_PICKLE_MESSAGE =
  "This is a teammate's pickled value: it is shown as the preview saved with it, because unpickling runs code the pickle names. Read it from Python (flowbench.Run) if you trust it.";

/** How long unpickling an artifact for its repr may take before its process is killed. */
export const REPR_TIME_LIMIT_MS = 10_000;

/**
 * Unpickles as the task that saved the value would import: from the run's code (`flowDir`) and
 * installed packages, not from the folder the engine was started in (`-c` puts it first on
 * sys.path; the tasks leave it off too, flowbench/flow_loader.py).
 */
const REPR_SCRIPT =
  'import pickle,sys\nif sys.path and sys.path[0] == "": del sys.path[0]\nif sys.argv[2]: sys.path.insert(0, sys.argv[2])\nprint(repr(pickle.load(open(sys.argv[1], "rb"))))';

/** Output kept from the repr process: a repr longer than this is cut (the UI shows text, not megabytes). */
const MAX_REPR_CHARS = 1_000_000;

function pythonRepr(python: string, path: string, flowDir: string | undefined, timeLimitMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    // node:child_process (with net and streams) loads only for a pickled artifact, so
    // `flowbench artifact` of a JSON value starts without it (issue 11).
    const { spawn } = process.getBuiltinModule('node:child_process');
    const child = spawn(python, ['-c', REPR_SCRIPT, path, flowDir ?? ''], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeLimitMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (out.length < MAX_REPR_CHARS) out += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new FlowbenchError(ErrorCode.python, `Python (${python}) could not be started to unpickle it (${error.message}).`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new FlowbenchError(ErrorCode.timeout, `unpickling it took longer than ${timeLimitMs / 1000} s and was stopped.`));
      else if (code === 0) resolve(out.length > MAX_REPR_CHARS ? `${out.slice(0, MAX_REPR_CHARS)}…` : out.replace(/\n$/, ''));
      else reject(new FlowbenchError(ErrorCode.python, `unpickling it failed: ${err.trim().split('\n').pop() ?? 'no message'}.`));
    });
  });
}
