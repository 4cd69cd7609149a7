import { randomBytes } from 'node:crypto';
import { chmod, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that a reader (an IDE, a running task, the file watcher) sees either the old
 * content or the new one, never half of it: a temporary file beside it, then a rename.
 *
 * The file stays what it was: when `path` is a symbolic link, the file it points to is replaced
 * (the link stays a link — a flow kept in a dotfiles repository and linked into a project stays
 * shared), and an existing file keeps its permission bits (an executable script stays
 * executable; a private file stays private).
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const target = await realTarget(path);
  const mode = await stat(target).then(
    (stats) => stats.mode & 0o7777,
    () => null,
  );
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', mode ?? 0o666);
    try {
      await handle.writeFile(text, 'utf8');
      // open's mode is filtered by the umask; an existing file's bits are restored exactly.
      if (mode !== null) await chmod(temp, mode);
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** The file a write lands in: the end of a chain of links, or `path` itself when it is none. */
async function realTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    // A new file, or a link whose target does not exist yet: written where the path says.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path;
    throw error;
  }
}
