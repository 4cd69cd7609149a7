import { ErrorCode, FlowbenchError } from '../../errors/flowbench-error.js';
import type { CommandContext } from '../command-context.js';

/** `flowbench query "SQL" [--json | --csv]`. */
export async function queryCommand(context: CommandContext, sql: string): Promise<number> {
  void context;
  void sql;
  throw new FlowbenchError(ErrorCode.unavailable, 'flowbench query: not available in this build yet.');
}
