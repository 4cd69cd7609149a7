import { spawn } from 'node:child_process';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { duckdb, sqlString } from '../tables/duckdb.js';
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
  | { readonly kind: 'repr'; readonly repr: string }
  | { readonly kind: 'image'; readonly mime: 'image/png' | 'image/jpeg'; readonly base64: string };

/**
 * Reads an artifact back for a person: JSON values as they are, tables as their first rows (from
 * Parquet, through DuckDB), anything else as its Python repr (unpickled by the configured
 * interpreter; the stored preview when that interpreter cannot unpickle it).
 *
 * Numbers of a JSON value are never rounded. With `exact`, a number JS would print differently
 * (an integer beyond ±2^53, a float such as `2.0`) is an `ExactNumber` that `stringifyExactJson`
 * writes back as Python wrote it (the CLI). Without it (the API, which JSON carries to a browser),
 * such an integer is its exact decimal digits as a string, and a float is a plain number.
 */
export async function readArtifactValue(
  blobs: ContentAddressedStore,
  artifact: ArtifactRecord,
  options: { python: string; flowDir?: string; maxRows?: number; exact?: boolean },
): Promise<ArtifactValue> {
  if (artifact.table) {
    await blobs.getBytes(artifact.table.sha); // checks the blob is there and intact
    const connection = await duckdb();
    const limit = options.maxRows ?? 10;
    const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet(${sqlString(blobs.pathOf(artifact.table.sha))}) LIMIT ${limit}`);
    return { kind: 'table', columns: reader.columnNames(), rows: reader.getRowObjectsJson() as { [column: string]: unknown }[], totalRows: artifact.table.rows };
  }
  const bytes = await blobs.getBytes(artifact.sha);
  if (artifact.encoding === 'json') {
    const value = parseExactJson(Buffer.from(bytes).toString('utf8'));
    return { kind: 'json', value: options.exact ? value : toPlainJson(value) };
  }
  try {
    return { kind: 'repr', repr: await pythonRepr(options.python, blobs.pathOf(artifact.sha), options.flowDir) };
  } catch {
    return { kind: 'repr', repr: artifact.preview };
  }
}

const REPR_SCRIPT = 'import pickle,sys\nif sys.argv[2]: sys.path.insert(0, sys.argv[2])\nprint(repr(pickle.load(open(sys.argv[1], "rb"))))';

function pythonRepr(python: string, path: string, flowDir: string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-c', REPR_SCRIPT, path, flowDir ?? ''], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out.replace(/\n$/, '')) : reject(new FlowbenchError(ErrorCode.python, `unpickling failed: ${err.trim().split('\n').pop()}`)),
    );
  });
}
