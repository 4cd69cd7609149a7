import { ErrorCode, FlowbenchError } from '../../errors/flowbench-error.js';
import type { CommandContext } from '../command-context.js';

/** `flowbench tag add|remove PATHSPEC TAG...`. */
export async function tagCommand(context: CommandContext): Promise<number> {
  void context;
  throw new FlowbenchError(ErrorCode.unavailable, 'flowbench tag: not available in this build yet.');
}
