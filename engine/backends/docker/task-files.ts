import { readdir, readFile, mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import { ErrorCode, FlowbenchError } from '../../errors/flowbench-error.js';
import { parseExactJson, stringifyExactJson } from '../../util/exact-json.js';
import type { CodeCheckout } from '../backend.js';
import { packTar, unpackTar, type TarEntry } from './tar.js';

/**
 * The container's side of the filesystem. Nothing of the store is mounted: a task's files are
 * copied in before it starts and its outputs copied out after, so a task can write only inside
 * its container, and the engine takes back only its `out/` folder. The same path works for a
 * remote host, where there is no shared filesystem.
 *
 *   /fb/python/flowbench/…    the step runtime (copied once per container)
 *   /fb/flow/<flow file>      the run's code package: the flow file and its modules, as
 *   /fb/flow/<module>.py…     snapshotted at run start (copied once per container)
 *   /fb/tasks/<key>/spec.json the spec, rewritten to these paths
 *   /fb/tasks/<key>/in/<sha>  the input blobs the spec names
 *   /fb/tasks/<key>/out/      the task's output_dir
 *   /fb/work/                 the working folder of the tasks the warm worker forks (emptied after each)
 */
export const ContainerPath = {
  root: '/fb',
  runtime: '/fb/python',
  flowDir: '/fb/flow',
  tasks: '/fb/tasks',
  /** The warm worker's working folder, so its tasks' too (emptied after each task). */
  work: '/fb/work',
  bytecode: '/fb/pycache',
} as const;

/** The runtime package and the run's code package, as an archive to unpack at `/`. */
export async function containerBaseArchive(runtimePath: string, code: CodeCheckout): Promise<Buffer> {
  const entries: TarEntry[] = [{ path: 'fb/' }, { path: 'fb/python/' }, { path: 'fb/python/flowbench/' }, { path: 'fb/flow/' }, { path: 'fb/tasks/', mode: 0o777 }, { path: 'fb/work/', mode: 0o777 }];
  const packageDir = join(runtimePath, 'flowbench');
  for (const name of (await readdir(packageDir)).sort()) {
    if (!name.endsWith('.py')) continue;
    entries.push({ path: `fb/python/flowbench/${name}`, data: await readFile(join(packageDir, name)) });
  }
  const folders = new Set<string>();
  for (const file of [...code.files].sort()) {
    const parts = file.split('/');
    for (let depth = 1; depth < parts.length; depth += 1) {
      const folder = `fb/flow/${parts.slice(0, depth).join('/')}/`;
      if (!folders.has(folder)) entries.push({ path: folder });
      folders.add(folder);
    }
    entries.push({ path: `fb/flow/${file}`, data: await readFile(join(code.dir, ...parts)) });
  }
  return packTar(entries);
}

interface SpecInputArtifact {
  path: string;
  sha: string;
  [key: string]: unknown;
}
interface Spec {
  flow_file: string;
  output_dir: string;
  inputs: { artifacts: { [name: string]: SpecInputArtifact } }[];
  [key: string]: unknown;
}

/** A task's folder for the container: the spec rewritten to container paths and its input blobs. */
export interface TaskFiles {
  /** The folder's name under `ContainerPath.tasks`. */
  readonly key: string;
  /** The task's folder in the container. */
  readonly dir: string;
  readonly specPath: string;
  /** Paths relative to `dir`: `spec.json` and `in/<sha>` (the empty `in/` and `out/` are implied). */
  readonly files: readonly { readonly path: string; readonly data: Buffer; readonly mode: number }[];
}

export interface TaskArchive extends TaskFiles {
  /** Unpack at `ContainerPath.tasks`. */
  readonly archive: Buffer;
}

/**
 * Reads the scheduler's SPEC.json (host paths) and gathers the task's folder for the container:
 * the spec with container paths, and every input blob it names.
 */
export async function taskFiles(specPath: string, key: string): Promise<TaskFiles> {
  // Exact both ways: a float parameter 2.0 and an integer beyond 2^53 reach the container as written.
  const spec = parseExactJson(await readFile(specPath, 'utf8')) as Spec;
  const dir = posix.join(ContainerPath.tasks, key);
  const blobs = new Map<string, string>();
  for (const input of spec.inputs) {
    for (const artifact of Object.values(input.artifacts)) {
      blobs.set(artifact.sha, artifact.path);
      artifact.path = posix.join(dir, 'in', artifact.sha);
    }
  }
  // The entry of a code package is the flow file at the package's top (see flows/code-files.ts).
  spec.flow_file = posix.join(ContainerPath.flowDir, basename(spec.flow_file));
  spec.output_dir = posix.join(dir, 'out');
  const files: { path: string; data: Buffer; mode: number }[] = [];
  for (const [sha, hostPath] of blobs) files.push({ path: `in/${sha}`, data: await readFile(hostPath), mode: 0o444 });
  files.push({ path: 'spec.json', data: Buffer.from(stringifyExactJson(spec)), mode: 0o644 });
  return { key, dir, specPath: posix.join(dir, 'spec.json'), files };
}

/** The task's folder as an archive, for `putArchive` (a task that runs by its own exec). */
export async function taskArchive(specPath: string, key: string): Promise<TaskArchive> {
  const gathered = await taskFiles(specPath, key);
  const entries: TarEntry[] = [{ path: `${key}/` }, { path: `${key}/in/` }, { path: `${key}/out/`, mode: 0o777 }];
  for (const file of gathered.files) entries.push({ path: `${key}/${file.path}`, data: file.data, mode: file.mode });
  return { ...gathered, archive: packTar(entries) };
}

/**
 * Where a file of a task's `out/` folder goes on the host: only plain relative paths inside
 * `out/` are accepted (a FlowbenchError otherwise, and nothing is written).
 */
export function outputTarget(outputDir: string, relative: string, shownAs = relative): string {
  if (relative.startsWith('/') || relative.split('/').some((part) => part === '..' || part === '' || part === '.')) {
    throw new FlowbenchError(ErrorCode.docker, `The task's outputs hold an unsafe path "${shownAs}"; it was not unpacked.`);
  }
  return join(outputDir, ...relative.split('/'));
}

/**
 * Unpacks the archive of a task's `out/` folder (as `getArchive` returns it, rooted at `out/`)
 * into the host's output folder. Only plain relative paths inside `out/` are accepted.
 */
export async function extractOutputs(archive: Buffer, outputDir: string): Promise<void> {
  for (const entry of unpackTar(archive)) {
    const relative = entry.path.replace(/^out\/?/, '');
    if (relative === '' || entry.data === undefined) continue;
    const target = outputTarget(outputDir, relative, entry.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, entry.data);
  }
}
