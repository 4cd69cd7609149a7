import type { CommandContext } from '../command-context.js';

/**
 * `flowbench fetch-blob SHA`: makes a blob local — downloading it, verified, from the remotes
 * when a pulled run needs it — and prints its path (the Python client reads it from there).
 */
export async function fetchBlobCommand(context: CommandContext, sha: string): Promise<number> {
  context.output.out(await context.store.blobs.ensureLocal(sha));
  return 0;
}
