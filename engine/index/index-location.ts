import { join } from 'node:path';

/**
 * Where the index keeps its files in a store (`$FLOWBENCH_HOME/index/`): the DuckDB file, the
 * runs snapshot, the blobs whose digest was checked. A module of its own so that a command can
 * find them without loading the index (and so DuckDB).
 */
export function indexDirOf(storeRoot: string): string {
  return join(storeRoot, 'index');
}
