import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CodeCheckout } from '../backends/backend.js';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { collectCodeFiles } from '../flows/code-files.js';
import { removeLeftoverTemporaries } from '../store/leftover-temporaries.js';
import type { RunStore } from '../store/run-store.js';
import { parseExactJson } from '../util/exact-json.js';

/** The manifest blob a run's `codePackageSha` names (see RunRecord.codePackageSha). */
export interface CodeManifest {
  readonly version: 1;
  /** The flow file, relative to the package's root (the flow's folder). */
  readonly entry: string;
  /** Every file of the package: relative path → sha256 of its bytes (a blob). */
  readonly files: { readonly [path: string]: string };
}

export interface CodePackage {
  /** sha256 of the manifest blob. */
  readonly sha: string;
  /** sha256 of the flow file itself (RunRecord.codeSha). */
  readonly entrySha: string;
  readonly manifest: CodeManifest;
}

/**
 * Snapshots a flow's code into the store: each file (see flows/code-files.ts) as a blob, and a
 * manifest listing them. Both are content-addressed, so an unchanged package is stored once
 * however many runs use it.
 *
 * @example const pkg = await snapshotCode(store, '/work/flows/train.py', source); // pkg.sha names the manifest
 */
export async function snapshotCode(store: RunStore, flowFile: string, source: string): Promise<CodePackage> {
  const { entry, files } = await collectCodeFiles(flowFile, source);
  const shas: { [path: string]: string } = {};
  for (const file of files) shas[file.path] = await store.blobs.putBytes(file.bytes);
  const sorted = Object.fromEntries(Object.keys(shas).sort().map((path) => [path, shas[path]!]));
  const manifest: CodeManifest = { version: 1, entry, files: sorted };
  const sha = await store.blobs.putBytes(Buffer.from(JSON.stringify(manifest), 'utf8'));
  return { sha, entrySha: shas[entry]!, manifest };
}

/** Reads a package's manifest back from the store. */
export async function readCodeManifest(store: RunStore, sha: string): Promise<CodeManifest> {
  const manifest = parseExactJson(Buffer.from(await store.blobs.getBytes(sha)).toString('utf8')) as CodeManifest;
  if (manifest?.version !== 1 || typeof manifest.entry !== 'string' || typeof manifest.files !== 'object') {
    throw new FlowbenchError(ErrorCode.store, `The code package ${sha} is not a code manifest.`);
  }
  return manifest;
}

/**
 * The package as files tasks can run: `$FLOWBENCH_HOME/cache/code/<sha>/`, written once per
 * package (into a temporary folder renamed into place, so a half-written checkout is never
 * used) and shared by every run of the same code — which also lets a warm worker serve them.
 * Files are read-only: a task reads its code from here, never from the live flow file.
 */
export async function checkoutCode(store: RunStore, pkg: Pick<CodePackage, 'sha' | 'manifest'>): Promise<CodeCheckout> {
  const dir = join(store.root, 'cache', 'code', pkg.sha);
  const paths = Object.keys(pkg.manifest.files);
  for (const path of paths) {
    if (path.startsWith('/') || path.split('/').some((part) => part === '..' || part === '' || part === '.')) {
      throw new FlowbenchError(ErrorCode.store, `The code package ${pkg.sha} names an unsafe path "${path}".`);
    }
  }
  const checkout: CodeCheckout = { sha: pkg.sha, dir, entry: pkg.manifest.entry, files: paths };
  if (await exists(dir)) return checkout;
  // A new checkout is rare (once per version of the code): the moment to tidy what killed ones left.
  await removeLeftoverTemporaries(dirname(dir));
  const temporary = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    for (const [path, sha] of Object.entries(pkg.manifest.files)) {
      const target = join(temporary, ...path.split('/'));
      await mkdir(dirname(target), { recursive: true });
      // getBytes checks the digest (and fetches the blob of a pulled run).
      await writeFile(target, await store.blobs.getBytes(sha), { mode: 0o444 });
    }
    await rename(temporary, dir);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    // Another engine checked out the same package first: use theirs.
    if (await exists(dir)) return checkout;
    throw error;
  }
  return checkout;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
