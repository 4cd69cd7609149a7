/**
 * bin/compile-cache.cjs through bin/flowbench.cjs, run as a user runs it, from a scratch copy of
 * the repo layout with a small bundle of two files: the first command writes V8's code cache, the
 * next ones compile from it, and a stale, corrupt or unwritable cache never changes what a command
 * does. On Node 22.1 and later Node keeps the cache itself (the scratch cache folder then holds
 * Node's own files): these tests are for the older Node the loader serves.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';

const bin = path.resolve(import.meta.dirname, '../bin');
const nodeCachesItself = 'enableCompileCache' in (await import('node:module')).default;

const scratchFolders: string[] = [];
afterEach(() => {
  for (const folder of scratchFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function scratch(): { repo: string; cacheHome: string } {
  const repo = mkdtempSync(path.join(tmpdir(), 'flowbench-compile-cache-'));
  scratchFolders.push(repo);
  mkdirSync(path.join(repo, 'bin'));
  for (const file of ['flowbench.cjs', 'compile-cache.cjs']) copyFileSync(path.join(bin, file), path.join(repo, 'bin', file));
  writeFileSync(path.join(repo, 'package.json'), '{"type":"module"}');
  mkdirSync(path.join(repo, 'out/cli/chunks'), { recursive: true });
  writeChunk(repo, 'greet-1.cjs', 'exports.greet = (argv) => `hello ${argv.join(" ")}`;\n');
  writeFileSync(
    path.join(repo, 'out/cli/flowbench.cjs'),
    "exports.main = async (argv) => { if (argv[0] === 'throw') throw new Error('boom'); console.log(require('./chunks/greet-1.cjs').greet(argv)); return 4; };\n",
  );
  return { repo, cacheHome: path.join(repo, 'cache-home') };
}

function writeChunk(repo: string, name: string, source: string): void {
  writeFileSync(path.join(repo, 'out/cli/chunks', name), source);
}

function flowbench(repo: string, cacheHome: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [path.join(repo, 'bin/flowbench.cjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: cacheHome, FLOWBENCH_COMPILE_CACHE: '', ...env },
  });
}

/** The cache's entry files, wherever its versioned folders put them. */
function entryFiles(cacheHome: string): string[] {
  const walk = (dir: string): string[] =>
    !existsSync(dir)
      ? []
      : readdirSync(dir).flatMap((name) => {
          const full = path.join(dir, name);
          return statSync(full).isDirectory() ? walk(full) : [full];
        });
  return walk(path.join(cacheHome, 'flowbench'));
}

/** The cache's entries (name → inode). */
function entries(cacheHome: string): Map<string, number> {
  return new Map(entryFiles(cacheHome).map((file) => [path.basename(file), statSync(file).ino]));
}

/** The entry of one bundle file (its encoded path, before the `@`). */
function findEntry(cacheHome: string, file: string): string {
  const found = entryFiles(cacheHome).find((entry) => path.basename(entry).startsWith(`${file}@`));
  if (!found) throw new Error(`no cache entry for ${file}`);
  return found;
}

describe.skipIf(nodeCachesItself)('the CLI bundle compiles through V8 code cache', () => {
  test('the first command writes an entry per bundle file; the next ones use them as they are', () => {
    const { repo, cacheHome } = scratch();
    const first = flowbench(repo, cacheHome, ['run', 'x']);
    expect(first.stdout).toBe('hello run x\n');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(4);
    const written = entries(cacheHome);
    expect([...written.keys()].map((name) => name.split('@')[0]).sort()).toEqual(['chunks%2Fgreet-1.cjs', 'flowbench.cjs']);

    const second = flowbench(repo, cacheHome, ['run', 'y']);
    expect(second.stdout).toBe('hello run y\n');
    expect(second.status).toBe(4);
    // V8 accepted every entry: a rejected one would have been written again (a new file).
    expect(entries(cacheHome)).toEqual(written);
  });

  test('a corrupt entry is refused by V8, the file compiles from source, and the entry is written again', () => {
    const { repo, cacheHome } = scratch();
    flowbench(repo, cacheHome, ['a']);
    const dir = path.dirname(findEntry(cacheHome, 'chunks%2Fgreet-1.cjs'));
    const entry = findEntry(cacheHome, 'chunks%2Fgreet-1.cjs');
    const size = statSync(entry).size;
    writeFileSync(entry, Buffer.alloc(size, 0x5a));
    const before = statSync(entry).ino;

    const result = flowbench(repo, cacheHome, ['b']);
    expect(result.stdout).toBe('hello b\n');
    expect(result.status).toBe(4);
    expect(statSync(findEntry(cacheHome, 'chunks%2Fgreet-1.cjs')).ino).not.toBe(before);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test('a rebuilt bundle never meets bytecode of the build before, and the old entries go', () => {
    const { repo, cacheHome } = scratch();
    flowbench(repo, cacheHome, ['a']);
    // Same length, other content: V8 alone would take the old bytecode (it checks the length).
    writeChunk(repo, 'greet-1.cjs', 'exports.greet = (argv) => `howdy ${argv.join(" ")}`;\n');
    utimesSync(path.join(repo, 'out/cli/chunks/greet-1.cjs'), new Date(), new Date(Date.now() + 5_000));
    expect(flowbench(repo, cacheHome, ['b']).stdout).toBe('howdy b\n');
    expect([...entries(cacheHome).keys()].filter((name) => name.startsWith('chunks%2Fgreet-1.cjs@'))).toHaveLength(1);

    // A chunk renamed by a rebuild (its name carries its content's hash; the build empties the
    // folder first): the old one's entry goes.
    rmSync(path.join(repo, 'out/cli/chunks/greet-1.cjs'));
    writeChunk(repo, 'greet-2.cjs', 'exports.greet = (argv) => `hi ${argv.join(" ")}`;\n');
    writeFileSync(
      path.join(repo, 'out/cli/flowbench.cjs'),
      "exports.main = async (argv) => { console.log(require('./chunks/greet-2.cjs').greet(argv)); return 0; };\n",
    );
    expect(flowbench(repo, cacheHome, ['c']).stdout).toBe('hi c\n');
    expect([...entries(cacheHome).keys()].map((name) => name.split('@')[0]).sort()).toEqual(['chunks%2Fgreet-2.cjs', 'flowbench.cjs']);
  });

  test('a cache that cannot be written, or FLOWBENCH_COMPILE_CACHE=0, changes nothing a command does', () => {
    const { repo, cacheHome } = scratch();
    writeFileSync(cacheHome, 'a file where the cache folder would be');
    const unwritable = flowbench(repo, cacheHome, ['a']);
    expect(unwritable.stdout).toBe('hello a\n');
    expect(unwritable.stderr).toBe('');
    expect(unwritable.status).toBe(4);

    const other = scratch();
    const off = flowbench(other.repo, other.cacheHome, ['b'], { FLOWBENCH_COMPILE_CACHE: '0' });
    expect(off.stdout).toBe('hello b\n');
    expect(entries(other.cacheHome).size).toBe(0);
  });

  test("a failure inside the bundle still names the bundle's file", () => {
    const { repo, cacheHome } = scratch();
    flowbench(repo, cacheHome, ['a']);
    const result = spawnSync(
      process.execPath,
      ['-e', `require(${JSON.stringify(path.join(repo, 'bin/compile-cache.cjs'))}).useCompileCache(${JSON.stringify(path.join(repo, 'out/cli'))}); require(${JSON.stringify(path.join(repo, 'out/cli/flowbench.cjs'))}).main(['throw']).catch((e) => { console.log(e.stack.split('\\n')[1]); })`],
      { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheHome } },
    );
    expect(result.stdout).toContain(path.join(repo, 'out/cli/flowbench.cjs'));
  });
});
