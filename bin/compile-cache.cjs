// V8's code cache for the CLI bundle: a command compiles its chunks (`flowbench run`: about
// 250 kB of JavaScript, and the functions it calls as it first calls them) from bytecode V8 saved
// the first time, not from source. `flowbench run` of a 5-step flow: ~7 ms less of ~120 ms.
//
// Node 22.1 and later do this themselves (`module.enableCompileCache`); on older Node, each of
// the bundle's files is compiled through `vm.Script` with the cached data instead of by
// require(). What a cache entry may hold is V8's own: it refuses data from another V8 version,
// other flags or a source of another length (`cachedDataRejected`), and the file is compiled from
// source as usual. Entries are named by the bundle file's size and mtime as well, so a rebuild
// never meets bytecode of the build before; they are written whole (a temporary renamed into
// place), and the folder keeps only the entries of the build in use.
//
// Where: $XDG_CACHE_HOME/flowbench (default ~/.cache/flowbench), per user, like any cache of
// compiled code. FLOWBENCH_COMPILE_CACHE=0 turns it off, and so does --enable-source-maps (code
// compiled through vm.Script would lose its source maps on Node 20).
'use strict';
const Module = require('node:module');
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { dirname, join, relative, sep } = require('node:path');
const vm = require('node:vm');

/**
 * The cache folder of one bundle folder under one V8: bundles of other checkouts, and other Node
 * versions, keep entries of their own.
 * @param {string} bundleDir
 * @param {NodeJS.ProcessEnv} env
 */
function cacheFolder(bundleDir, env) {
  const base = env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(base, 'flowbench', `v8-${process.versions.v8}-${process.arch}`, fnv1a(bundleDir));
}

/**
 * A short, stable name for a path (32-bit FNV-1a): not a security boundary, only a folder name.
 * @param {string} text
 */
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The entry's name: the file's path in the bundle, its size and its mtime.
 * @param {string} bundleDir
 * @param {string} filename
 */
function entryName(bundleDir, filename) {
  const { size, mtimeMs } = statSync(filename);
  return `${encodeURIComponent(relative(bundleDir, filename))}@${size}-${Math.round(mtimeMs)}.cache`;
}

/**
 * Compiles the files of `bundleDir` through the code cache from now on, in this process. Returns
 * `save()`, which writes the entries this process had to compile from source (call it once the
 * command's work is done, so they hold the functions it ran too); a no-op when nothing is new.
 * Never throws: without a cache, a command only starts a little slower.
 * @param {string} bundleDir
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {{ save(): void }}
 */
function useCompileCache(bundleDir, env = process.env) {
  const none = { save() {} };
  if (env['FLOWBENCH_COMPILE_CACHE'] === '0' || process.sourceMapsEnabled) return none;
  const folder = cacheFolder(bundleDir, env);
  /** @type {{ enableCompileCache?: (dir: string) => unknown }} */
  const builtIn = /** @type {any} */ (Module);
  if (typeof builtIn.enableCompileCache === 'function') {
    try {
      builtIn.enableCompileCache(folder);
    } catch {
      // A cache is an optimisation only.
    }
    return none;
  }
  /** @type {Record<string, (module: NodeJS.Module, filename: string) => void>} */
  const extensions = /** @type {any} */ (Module)._extensions;
  // Node 20 loads .cjs files with the .js loader (no '.cjs' entry of its own); the bundle's are ours.
  const loadCjs = extensions['.cjs'] ?? extensions['.js'];
  if (loadCjs === undefined) return none;

  /** @type {{ script: import('node:vm').Script, name: string }[]} */
  const compiledFromSource = [];
  /** @type {Set<string>} */
  const inUse = new Set();
  extensions['.cjs'] = (module, filename) => {
    if (!filename.startsWith(bundleDir + sep)) return loadCjs(module, filename);
    const name = entryName(bundleDir, filename);
    inUse.add(name);
    /** @type {Buffer | undefined} */
    let cachedData;
    try {
      cachedData = readFileSync(join(folder, name));
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(readFileSync(filename, 'utf8')), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) compiledFromSource.push({ script, name });
    /** @type {(exports: unknown, require: NodeJS.Require, module: NodeJS.Module, filename: string, dirname: string) => void} */
    const wrapper = script.runInThisContext({ displayErrors: true });
    wrapper.call(module.exports, module.exports, Module.createRequire(filename), module, filename, dirname(filename));
  };

  return {
    save() {
      if (compiledFromSource.length === 0) return;
      try {
        mkdirSync(folder, { recursive: true });
        for (const { script, name } of compiledFromSource) {
          const temporary = join(folder, `.${name}.${process.pid}.tmp`);
          writeFileSync(temporary, script.createCachedData());
          renameSync(temporary, join(folder, name));
        }
        removeStaleEntries(bundleDir, folder, inUse);
      } catch {
        // A full disk or a read-only home: the next command compiles from source again.
      }
    },
  };
}

/**
 * Entries of builds before this one: of a file in use, with another size or mtime; of a file the
 * bundle no longer has (chunk names change with their content). Run only after a file had to be
 * compiled from source, which is when a new build is first used.
 * @param {string} bundleDir
 * @param {string} folder
 * @param {Set<string>} inUse
 */
function removeStaleEntries(bundleDir, folder, inUse) {
  const filesInUse = new Set([...inUse].map((name) => name.slice(0, name.lastIndexOf('@'))));
  for (const name of readdirSync(folder)) {
    if (inUse.has(name) || name.startsWith('.')) continue; // another command's temporary is left alone
    const file = name.slice(0, name.lastIndexOf('@'));
    if (filesInUse.has(file) || !existsSync(join(bundleDir, decodeURIComponent(file)))) rmSync(join(folder, name), { force: true });
  }
}

module.exports = { useCompileCache };
