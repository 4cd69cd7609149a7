#!/usr/bin/env node
// The `flowbench` command as it ships: engine/cli/main.ts bundled into out/cli/flowbench.js
// (run by bin/flowbench.mjs), with every command's code in chunks under out/cli/chunks that load
// when that command runs. `npm run build:engine` runs this after tsc has type-checked and emitted
// out/engine (which the benches import module by module).
//
// Why a bundle: a command pays Node's module loader per file it loads (resolve, read, compile,
// link). As tsc emits it, `flowbench show` loads about 35 files and `flowbench run` about 84; the
// bundle's chunks are what each command needs, in a handful of files (issue 11, docs/speed.md).
// npm packages stay outside (`packages: 'external'`), loaded from node_modules when a command
// imports them, as before.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'out', 'cli');

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { flowbench: 'engine/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  // For `node --enable-source-maps bin/flowbench.mjs …`: stack traces in engine/ source lines.
  sourcemap: 'linked',
  logLevel: 'warning',
});
