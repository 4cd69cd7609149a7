/**
 * bin/flowbench.cjs, run as a user runs it, from a scratch copy of the repo layout: it says how to
 * build when the engine is not built, and otherwise hands argv to the CLI and exits with its code.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';

const launcher = path.resolve(import.meta.dirname, '../bin/flowbench.cjs');

const scratchRepos: string[] = [];
afterEach(() => {
  for (const repo of scratchRepos.splice(0)) rmSync(repo, { recursive: true, force: true });
});

function scratchRepo(): string {
  const repo = mkdtempSync(path.join(tmpdir(), 'flowbench-bin-'));
  scratchRepos.push(repo);
  mkdirSync(path.join(repo, 'bin'));
  copyFileSync(launcher, path.join(repo, 'bin/flowbench.cjs'));
  copyFileSync(path.join(path.dirname(launcher), 'compile-cache.cjs'), path.join(repo, 'bin/compile-cache.cjs'));
  writeFileSync(path.join(repo, 'package.json'), '{"type":"module"}');
  return repo;
}

function run(repo: string, ...args: string[]) {
  return spawnSync(process.execPath, [path.join(repo, 'bin/flowbench.cjs'), ...args], { encoding: 'utf8' });
}

test('without a built engine it says how to build, in one line, and exits 1', () => {
  const repo = scratchRepo();
  const r = run(repo, 'runs');
  expect(r.status).toBe(1);
  expect(r.stderr).toBe(
    `flowbench: the engine is not built; run "npm install" (or "npm run build") in ${repo}\n`,
  );
});

test('hands the arguments to main() and exits with the code it returns', () => {
  const repo = scratchRepo();
  mkdirSync(path.join(repo, 'out/cli'), { recursive: true });
  writeFileSync(
    path.join(repo, 'out/cli/flowbench.cjs'),
    'exports.main = async function main(argv) { console.log(JSON.stringify(argv)); return 3; };\n',
  );
  const r = run(repo, 'run', 'flow.py', '--alpha', '0.5');
  expect(r.stdout).toBe('["run","flow.py","--alpha","0.5"]\n');
  expect(r.status).toBe(3);
});
