import { ErrorCode, FlowbenchError } from '../../errors/flowbench-error.js';
import type { CommandContext } from '../command-context.js';

/** `flowbench compare PATHSPEC_A PATHSPEC_B [--json]`. */
export async function compareCommand(context: CommandContext, a: string, b: string): Promise<number> {
  void context;
  void a;
  void b;
  throw new FlowbenchError(ErrorCode.unavailable, 'flowbench compare: not available in this build yet.');
}
