import { ErrorCode, FlowbenchError } from '../../errors/flowbench-error.js';
import type { CommandContext } from '../command-context.js';

/** `flowbench fetch-blob SHA`: makes a blob local (downloading it from the remote it came from) and prints its path. */
export async function fetchBlobCommand(context: CommandContext, sha: string): Promise<number> {
  void context;
  void sha;
  throw new FlowbenchError(ErrorCode.unavailable, 'flowbench fetch-blob: not available in this build yet.');
}
