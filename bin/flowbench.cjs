#!/usr/bin/env node
// The `flowbench` command: runs the built CLI (out/cli/flowbench.cjs, the bundle that
// `npm run build` makes — `npm install` runs it through the "prepare" script). It only launches:
// the CLI's `main(argv)` returns the exit code. CommonJS, as the bundle is, so Node never starts
// its ES module loader for a command (scripts/build-cli.mjs says why).
'use strict';
const { existsSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { useCompileCache } = require('./compile-cache.cjs');

const repo = dirname(__dirname);
const bundle = join(repo, 'out', 'cli');
const cli = join(bundle, 'flowbench.cjs');

if (!existsSync(cli)) {
  console.error(`flowbench: the engine is not built; run "npm install" (or "npm run build") in ${repo}`);
  process.exit(1);
}

const compileCache = useCompileCache(bundle);
/** @type {{ main: (argv: string[]) => Promise<number> }} */
const { main } = require(cli);
void main(process.argv.slice(2)).then((code) => {
  compileCache.save();
  // Exit as soon as what was written has been handed to stdout and stderr, instead of waiting for
  // Node to tear down its heap (tens of ms after `flowbench run`): every command has finished its
  // work when main() returns, and a worker it let go exits on its own.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
