/**
 * The same story in the desktop app (`_electron.launch` on out/main/index.js). It needs the
 * Electron binary, which `npm install` downloads from GitHub; where it is absent (this project's
 * machines cannot reach GitHub) the test is skipped and says why.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, test } from '@playwright/test';
import { repo, tellTheStory } from './story.js';

/** The binary `require('electron')` would name, read without requiring it (that may download). */
function electronBinary(): string | null {
  const dir = join(repo, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : override !== undefined ? 'electron' : null;
  if (name === null) return null;
  const binary = override !== undefined ? join(override, name) : join(dir, 'dist', name);
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();

test('desktop app: build start → foreach → join → end by drag and drop, run it, read logs, run it from the CLI', async () => {
  test.skip(binary === null, 'the Electron binary is not installed here: it downloads from GitHub, which this machine cannot reach');
  const root = mkdtempSync(join(tmpdir(), 'flowbench-electron-'));
  const flows = join(root, 'flows');
  const home = join(root, 'home');
  mkdirSync(flows);
  mkdirSync(home);
  process.env.FLOWBENCH_E2E_HOME = home; // the story's CLI check uses the same store
  const app = await electron.launch({
    executablePath: binary!,
    args: [join(repo, 'out', 'main', 'index.js'), '--no-sandbox'],
    cwd: flows,
    env: { ...process.env, FLOWBENCH_HOME: home, FLOWBENCH_PYTHON: process.env.FLOWBENCH_PYTHON ?? '/usr/bin/python3' },
  });
  try {
    const window = await app.firstWindow();
    await tellTheStory(window, flows, 'electron_flow.py');
  } finally {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  }
});
