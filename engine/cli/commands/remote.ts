import { ErrorCode, FlowbenchError } from '../../errors/flowbench-error.js';
import type { CommandContext } from '../command-context.js';

/** `flowbench remote add|list|remove`. */
export async function remoteCommand(context: CommandContext): Promise<number> {
  void context;
  throw new FlowbenchError(ErrorCode.unavailable, 'flowbench remote: not available in this build yet.');
}
