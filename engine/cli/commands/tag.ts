import { ErrorCode, FlowbenchError } from '../../errors/flowbench-error.js';
import { parsePathspec } from '../../store/pathspec.js';
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
  for (const tag of tags) {
    if (tag.length > 200 || /\s/.test(tag) || [...tag].some((char) => char.charCodeAt(0) < 32)) {
      throw new FlowbenchError(ErrorCode.badArgument, `"${tag.slice(0, 40)}" is not a tag: up to 200 characters, no spaces or control characters.`);
    }
  }
  const after = await context.store.changeTags(path.flow, path.runId, op, tags, context.settings.user);
  if (context.json) context.output.out(JSON.stringify({ pathspec: `${path.flow}/${path.runId}`, tags: after }));
  else context.output.out(after.join(' '));
  return 0;
}
