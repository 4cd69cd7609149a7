import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/** How long a burst of change notifications is let settle before the file is read. */
const SETTLE_MS = 60;

/**
 * Watches one file for content changes made by someone else. Watches the folder, not the file:
 * editors save by writing a new file and renaming it over the old one, which ends a watch on the
 * file itself. `onContent` receives the new text; the caller compares it with what it wrote, so
 * its own writes are not news. A file that disappears is reported once it reappears.
 */
export function watchFile(path: string, onContent: (text: string) => void): () => void {
  const name = basename(path);
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  const check = (): void => {
    timer = undefined;
    readFile(path, 'utf8').then(onContent, () => undefined);
  };
  try {
    watcher = watch(dirname(path), { persistent: false }, (_type, changed) => {
      if (changed !== null && changed.toString() !== name) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(check, SETTLE_MS);
    });
    watcher.on('error', () => undefined);
  } catch {
    // An unwatchable folder (e.g. a network share): the file still opens, it just will not reload.
  }
  return () => {
    if (timer) clearTimeout(timer);
    watcher?.close();
  };
}
