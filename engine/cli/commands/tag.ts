import { ErrorCode, FlowbenchError } from '../../errors/flowbench-error.js';
import { parsePathspec } from '../../store/pathspec.js';
import { assertTagName } from '../../sync/tag-name.js';
import type { CommandContext } from '../command-context.js';

/**
 * `flowbench tag add|remove PATHSPEC TAG...`: each change is a new write-once tag event (the run
 * record stays as written); events go up with the next push. Prints the run's tags after.
 */
export async function tagCommand(context: CommandContext): Promise<number> {
  const [op, pathspec, ...tags] = context.positionals;
  if ((op !== 'add' && op !== 'remove') || pathspec === undefined || tags.length === 0) {
    throw new FlowbenchError(ErrorCode.badArgument, 'flowbench tag: write "flowbench tag add|remove Flow/RunId TAG...".');
  }
  const path = parsePathspec(pathspec);
  if (path.step !== undefined) throw new FlowbenchError(ErrorCode.badArgument, `"${pathspec}" names a step or task; tags belong to a run (Flow/RunId).`);
  tags.forEach(assertTagName);
  const after = await context.store.changeTags(path.flow, path.runId, op, tags, context.settings.user);
  if (context.json) context.output.out(JSON.stringify({ pathspec: `${path.flow}/${path.runId}`, tags: after }));
  else context.output.out(after.join(' '));
  return 0;
}
