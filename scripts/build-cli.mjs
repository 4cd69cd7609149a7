#!/usr/bin/env node
// The `flowbench` command as it ships: the engine as tsc emitted it (out/engine), bundled from
// out/engine/cli/main.js into out/cli/flowbench.cjs (run by bin/flowbench.cjs), with each command's
// code in chunks under out/cli/chunks that load when that command runs. `npm run build:engine`
// runs this after tsc has type-checked and emitted out/engine (which the benches import module by
// module).
//
// Why a bundle: a command pays Node's module loader per file it loads (resolve, read, compile,
// link). As tsc emits it, `flowbench show` loads about 35 files and `flowbench run` about 84.
// Why Rollup: it knows which modules a dynamic import's importer has already loaded, and merges
// chunks too small to be worth a file of their own, so a command loads a handful of files where
// esbuild's splitting made twenty or more (run: 9 files, was 26; show: 7, was 21; issue 11,
// docs/speed.md). npm packages and Node's built-ins stay outside, loaded from node_modules when a
// command imports them, as before.
// Why CommonJS: the engine is written as ES modules, but Node's ES module loader costs a command
// ~4 ms to start (`--help`) and ~12 ms over `flowbench run` (its own modules compiled at start,
// asynchronous linking of every chunk), where require() is synchronous and built in. The bundle
// is the one place that format is chosen; out/engine stays ESM for the benches and tests.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'out', 'cli');
const entry = join(root, 'out', 'engine', 'cli', 'main.js');
if (!existsSync(entry)) throw new Error(`${entry} is missing: run tsc first (npm run build:engine does).`);

/** tsc's own source maps, so the bundle's map leads back to engine/*.ts lines. */
/** @type {import('rollup').Plugin} */
const tscSourceMaps = {
  name: 'tsc-source-maps',
  load(id) {
    const map = `${id}.map`;
    return existsSync(map) ? { code: readFileSync(id, 'utf8'), map: readFileSync(map, 'utf8') } : null;
  },
};

/** @type {import('rollup').RollupLog[]} */
const warnings = [];
const bundle = await rollup({
  input: { flowbench: entry },
  // Our modules are relative paths; everything else (node:fs, dockerode, @duckdb/node-api, …) is not bundled.
  external: (id) => !id.startsWith('.') && !id.startsWith('/'),
  plugins: [tscSourceMaps],
  logLevel: 'warn',
  onwarn: (warning) => warnings.push(warning),
});
rmSync(outdir, { recursive: true, force: true });
await bundle.write({
  dir: outdir,
  format: 'cjs',
  entryFileNames: '[name].cjs',
  chunkFileNames: 'chunks/[name]-[hash].cjs',
  // import() of a package (DuckDB's) becomes a require() too: the bundle holds no import() at
  // all, so bin/compile-cache.cjs can compile it with vm.Script, which has no loader for one.
  dynamicImportInCjs: false,
  // Chunks under this many bytes are merged into a chunk that loads with them (their code has no
  // side effects to reorder): fewer files per command.
  experimentalMinChunkSize: 5_000,
  // For `node --enable-source-maps bin/flowbench.cjs …`: stack traces in engine/ source lines.
  sourcemap: true,
});
await bundle.close();
for (const warning of warnings) console.warn(`build-cli: ${warning.message}`);
