import { RunIndex } from '../../index/run-index.js';
import type { CommandContext } from '../command-context.js';

/**
 * The index for one command: opened, caught up with the store, closed when `use` is done. A
 * command that finds the index file held by another process (the app) still works: it catches
 * up in memory (see engine/index/index-file.ts).
 */
export async function withIndex<T>(context: CommandContext, use: (index: RunIndex) => Promise<T>): Promise<T> {
  const index = await RunIndex.open(context.store);
  try {
    await index.catchUp();
    return await use(index);
  } finally {
    index.close();
  }
}
