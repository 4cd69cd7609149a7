import { ErrorCode, FlowbenchError } from '../../errors/flowbench-error.js';
import type { CommandContext } from '../command-context.js';

/** `flowbench push|pull|sync [--remote NAME] [--json]`. */
export async function syncCommand(context: CommandContext, command: 'push' | 'pull' | 'sync'): Promise<number> {
  void context;
  void command;
  throw new FlowbenchError(ErrorCode.unavailable, 'flowbench push/pull/sync: not available in this build yet.');
}
