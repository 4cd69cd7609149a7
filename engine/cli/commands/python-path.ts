import { ErrorCode, FlowbenchError } from '../../errors/flowbench-error.js';
import type { CommandContext } from '../command-context.js';

/** `flowbench python-path`: the folder holding the `flowbench` Python package. */
export async function pythonPathCommand(context: CommandContext): Promise<number> {
  void context;
  throw new FlowbenchError(ErrorCode.unavailable, 'flowbench python-path: not available in this build yet.');
}
