import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Flowbench install folder (holding package.json): found by walking up from this module,
 * which sits at engine/server (source), out/engine/server (tsc's output) or out/cli/chunks (the
 * CLI's bundle).
 */
export function appRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up += 1) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'resources'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

/** The built renderer that browser mode serves. */
export function rendererDir(root = appRoot()): string {
  return join(root, 'out', 'renderer');
}

export function appVersion(root = appRoot()): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
