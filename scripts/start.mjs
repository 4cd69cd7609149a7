#!/usr/bin/env node
// `npm start`: the desktop app when Electron can run here, else the same app in your browser.
//
//   npm start                 desktop app (downloads Electron's binary on first start if needed),
//                             falling back to browser mode when that is not possible
//   npm start -- --browser    browser mode straight away (flowbench serve)
//
// Builds first when out/ is missing. Electron's binary is not fetched by `npm install` (its
// install script is denied in package.json "allowScripts" so installs also work offline); it is
// fetched here, once, with a time limit.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const wantsBrowser = args.includes('--browser') || process.env.FLOWBENCH_BROWSER === '1';

/** @param {string} message */
function say(message) {
  process.stderr.write(`flowbench: ${message}\n`);
}

function ensureBuilt() {
  if (existsSync(join(root, 'out', 'cli', 'flowbench.cjs')) && existsSync(join(root, 'out', 'renderer', 'index.html'))) return;
  say('building (first start)…');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** The Electron binary, installing it once if it is missing and the download works. */
function electronBinary() {
  const electronDir = join(root, 'node_modules', 'electron');
  const installed = () => {
    const pathFile = join(electronDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  };
  if (installed()) return installed();
  if (!existsSync(join(electronDir, 'install.js'))) return null;
  say('downloading the Electron runtime (once)…');
  const download = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, stdio: 'ignore', timeout: 90_000 });
  if (download.status !== 0) {
    say('the Electron runtime could not be downloaded (offline?); starting in browser mode instead.');
    return null;
  }
  return installed();
}

/**
 * @param {string} command
 * @param {string[]} commandArgs
 */
function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  const forward = (/** @type {NodeJS.Signals} */ signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
}

ensureBuilt();
const electron = wantsBrowser ? null : electronBinary();
if (electron) {
  run(electron, [root]);
} else {
  run(process.execPath, [join(root, 'bin', 'flowbench.cjs'), 'serve', ...args.filter((a) => a !== '--browser')]);
}
