import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunStore } from '../store/run-store.js';

/**
 * True for a teammate's run brought down by `flowbench pull`: engine/sync writes the marker
 * `runs/<Flow>/<RunId>/pulled.json` with the run's records (engine/sync/run-bundle.ts). The one
 * test of it, for the index's `runs.pulled` and the API's `RunSummary.pulled` (runs.get) alike.
 */
export function isPulledRun(store: RunStore, flow: string, runId: string): boolean {
  return existsSync(join(store.root, store.runPrefix(flow, runId), 'pulled.json'));
}
