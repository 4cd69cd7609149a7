/**
 * vitest's global setup: the tests' temporary folders (stores, flows, scratch repos; the Python
 * and processes they start too, through TMPDIR) go into one folder per test run, removed when the
 * run ends, so a run leaves nothing in the system's temporary folder however a test ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'flowbench-tests-'));
  process.env['TMPDIR'] = folder;
  return () => rmSync(folder, { recursive: true, force: true });
}
