import { blobKey } from '../../store/content-addressed-store.js';
import type { CommandContext } from '../command-context.js';

/** Downloads at once: enough to overlap request latency without crowding the connection pool. */
const PARALLEL_FETCHES = 8;

/**
 * `flowbench fetch-blob SHA...`: makes blobs local — downloading them, verified, from the remotes
 * when a pulled run needs them — and prints their paths, one a line in the order given (the
 * Python client reads them from there). One process for many blobs: a notebook iterating a
 * foreach of 100 tasks starts one `flowbench`, not 100.
 *
 * Every digest is tried even when one fails, so the others are local afterwards; then the first
 * failure is the command's error (one line) and nothing is printed on stdout.
 */
export async function fetchBlobCommand(context: CommandContext, digests: readonly string[]): Promise<number> {
  for (const sha of digests) blobKey(sha); // a bad digest is refused before anything is fetched
  const unique = [...new Set(digests)];
  const paths = new Map<string, string>();
  let failure: { error: unknown } | null = null;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < unique.length) {
      const sha = unique[next++]!;
      try {
        paths.set(sha, await context.store.blobs.ensureLocal(sha));
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_FETCHES, unique.length) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
  context.output.out(digests.map((sha) => paths.get(sha)!).join('\n'));
  return 0;
}
