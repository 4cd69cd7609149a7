import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * How `flowbench serve` opens the browser without putting the token in a command line (which
 * every user of the machine can read in /proc/<pid>/cmdline or `ps`): the browser is given a
 * small local file that redirects to the tokened URL, as Jupyter does. The file is private to
 * this user (folder 0700, file 0600) and short-lived: it goes once the page has connected, when
 * the server stops, or after `lifetimeMs` at the latest.
 */
export interface RedirectFile {
  /** The `file://` URL to hand to the browser. */
  readonly url: string;
  readonly path: string;
  /** Removes the file and its folder (idempotent). */
  remove(): Promise<void>;
}

/** Long enough for a browser that starts slowly; the file usually goes within a second. */
const LIFETIME_MS = 5 * 60_000;

export async function writeRedirectFile(target: string, lifetimeMs = LIFETIME_MS): Promise<RedirectFile> {
  const folder = await mkdtemp(join(tmpdir(), 'flowbench-open-'));
  await chmod(folder, 0o700);
  const path = join(folder, 'open.html');
  await writeFile(path, redirectPage(target), { mode: 0o600, flag: 'wx' });
  let removed = false;
  const remove = async (): Promise<void> => {
    if (removed) return;
    removed = true;
    clearTimeout(timer);
    await rm(folder, { recursive: true, force: true });
  };
  const timer = setTimeout(() => void remove(), lifetimeMs);
  timer.unref();
  return { url: pathToFileURL(path).href, path, remove };
}

/** A page that goes straight to `target` (with a link for a browser that blocks both ways). */
export function redirectPage(target: string): string {
  const attribute = target.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const script = JSON.stringify(target).replace(/</g, '\\u003c');
  return [
    '<!doctype html>',
    '<meta charset="utf-8">',
    '<meta name="referrer" content="no-referrer">',
    `<meta http-equiv="refresh" content="0;url=${attribute}">`,
    '<title>Opening Flowbench…</title>',
    `<script>location.replace(${script});</script>`,
    `<p>Opening Flowbench… <a href="${attribute}">continue</a>.</p>`,
    '',
  ].join('\n');
}
