#!/usr/bin/env node
// The `flowbench` command: runs the built CLI (out/cli/flowbench.js, the bundle that
// `npm run build` makes — `npm install` runs it through the "prepare" script). It only launches:
// the CLI's `main(argv)` returns the exit code.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = dirname(dirname(fileURLToPath(import.meta.url)));
const cli = join(repo, 'out', 'cli', 'flowbench.js');

if (!existsSync(cli)) {
  console.error(`flowbench: the engine is not built; run "npm install" (or "npm run build") in ${repo}`);
  process.exit(1);
}

const { main } = await import(pathToFileURL(cli).href);
const code = await main(process.argv.slice(2));
// Exit as soon as what was written has been handed to stdout and stderr, instead of waiting for
// Node to tear down its heap (tens of ms after `flowbench run`): every command has finished its
// work when main() returns, and a worker it let go exits on its own.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
