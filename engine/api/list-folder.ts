import { open, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import type { FsEntry, FsListing } from './contract.js';

/** Only this much of a `.py` file is read to tell whether it holds a flow. */
const FLOW_SNIFF_BYTES = 64 * 1024;

/**
 * One folder for the browser-mode file picker: its sub-folders and `.py` files (nothing else, and
 * no hidden entries), folders first, each sorted by name. `top` is the highest folder the picker
 * may reach (its `parent` is then null).
 */
export async function listFolder(dir: string, top: string | undefined): Promise<FsListing> {
  const info = await stat(dir).catch((error: unknown) => {
    throw new FlowbenchError(ErrorCode.fileNotFound, `${dir}: no such folder.`, { cause: error });
  });
  if (!info.isDirectory()) throw new FlowbenchError(ErrorCode.badArgument, `${dir} is a file, not a folder.`);
  const dirents = await readdir(dir, { withFileTypes: true });
  const entries: FsEntry[] = [];
  for (const dirent of dirents) {
    if (dirent.name.startsWith('.')) continue;
    const path = join(dir, dirent.name);
    // Symbolic links are followed to see what they are; a broken one is left out.
    const kind = dirent.isSymbolicLink() ? await stat(path).then((s) => (s.isDirectory() ? 'dir' : s.isFile() ? 'file' : null), () => null) : dirent.isDirectory() ? 'dir' : dirent.isFile() ? 'file' : null;
    if (kind === 'dir') entries.push({ name: dirent.name, path, kind, isFlow: false });
    else if (kind === 'file' && dirent.name.endsWith('.py')) entries.push({ name: dirent.name, path, kind, isFlow: await looksLikeFlow(path) });
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
  const parent = dirname(dir);
  return { dir, parent: parent === dir || dir === top ? null : parent, entries };
}

async function looksLikeFlow(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(FLOW_SNIFF_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, FLOW_SNIFF_BYTES, 0);
      return /\bclass\s+\w+\s*\([^)]*FlowSpec[^)]*\)\s*:/.test(buffer.subarray(0, bytesRead).toString('utf8'));
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}
