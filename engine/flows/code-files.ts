import { readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';

/** Past these, a flow's folder is not a flow's folder (a home directory, a monorepo root). */
export const CODE_LIMITS = { files: 1000, bytes: 16 * 1024 * 1024, entries: 50_000 } as const;

/** Folders that hold no code of the flow: caches, environments, tool state. */
const SKIPPED_FOLDERS = new Set(['__pycache__', 'node_modules', 'site-packages']);

export interface CodeFile {
  /** Relative to the flow's folder, with `/` separators. */
  readonly path: string;
  readonly bytes: Buffer;
}

/**
 * The files of a flow's code, as Metaflow packages a flow's directory: the flow file and every
 * `.py` file under the flow's folder — so the local modules it imports are included — skipping
 * hidden folders and files, virtual environments (a folder with `pyvenv.cfg` or `conda-meta`),
 * `__pycache__`, `node_modules` and `site-packages`. Symlinks are followed (a folder once).
 * The flow file's bytes are `entrySource`, the text the engine parsed, so the snapshot and
 * the graph drawn from it cannot disagree even if the file changes meanwhile.
 *
 * Refuses, in one sentence, a folder with more than CODE_LIMITS of Python.
 *
 * Read with blocking calls: a flow's folder is a few small files, and each asynchronous call is a
 * round trip to the thread pool (five per file), one after another: ~5 ms before a run's first
 * task for a folder of twenty. CODE_LIMITS bounds the worst case.
 *
 * @example await collectCodeFiles('/work/flows/train.py', source) // [{path: 'train.py', ...}, {path: 'lib/features.py', ...}]
 */
export async function collectCodeFiles(flowFile: string, entrySource: string): Promise<{ entry: string; files: CodeFile[] }> {
  const root = dirname(flowFile);
  const entry = basename(flowFile);
  const files: CodeFile[] = [{ path: entry, bytes: Buffer.from(entrySource, 'utf8') }];
  let bytes = files[0]!.bytes.length;
  let entries = 0;
  const seen = new Set<string>();
  const tooLarge = (what: string): never => {
    throw new FlowbenchError(
      ErrorCode.badArgument,
      `${flowFile}: the flow's folder ${root} holds ${what}, more than Flowbench snapshots as a run's code ` +
        `(${CODE_LIMITS.files} .py files, ${CODE_LIMITS.bytes / 1024 / 1024} MiB). Keep the flow in a folder of its own, with the modules it imports.`,
      { file: flowFile },
    );
  };

  const walk = (folder: string, prefix: string): void => {
    let real = folder;
    try {
      real = realpathSync(folder);
    } catch {
      // read as named
    }
    if (seen.has(real)) return;
    seen.add(real);
    let names: string[] = [];
    try {
      names = readdirSync(folder).sort();
    } catch {
      return;
    }
    if (names.includes('pyvenv.cfg') || names.includes('conda-meta')) return;
    for (const name of names) {
      entries += 1;
      if (entries > CODE_LIMITS.entries) tooLarge(`more than ${CODE_LIMITS.entries} files and folders`);
      if (name.startsWith('.') || SKIPPED_FOLDERS.has(name)) continue;
      const path = join(folder, name);
      const info = statOrNull(path); // follows symlinks; a broken one is skipped
      if (!info) continue;
      const relative = `${prefix}${name}`;
      if (info.isDirectory()) walk(path, `${relative}/`);
      else if (info.isFile() && name.endsWith('.py') && relative !== entry) {
        if (files.length >= CODE_LIMITS.files) tooLarge(`more than ${CODE_LIMITS.files} .py files`);
        bytes += info.size;
        if (bytes > CODE_LIMITS.bytes) tooLarge(`more than ${CODE_LIMITS.bytes / 1024 / 1024} MiB of .py files`);
        files.push({ path: relative, bytes: readFileSync(path) });
      }
    }
  };
  walk(root, '');
  return { entry, files };
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
