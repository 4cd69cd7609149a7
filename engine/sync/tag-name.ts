import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';

/**
 * Refuses a tag that could not be shown, typed or filtered on one line: up to 200 characters,
 * no whitespace or control characters. (`user:<name>` is a tag like any other, but it is set by
 * the run and cannot be removed: see RunStore.changeTags.)
 */
export function assertTagName(tag: string): void {
  if (tag.length === 0 || tag.length > 200 || /\s/.test(tag) || [...tag].some((char) => char.charCodeAt(0) < 32 || char.charCodeAt(0) === 127)) {
    throw new FlowbenchError(ErrorCode.badArgument, `${JSON.stringify(tag.slice(0, 40))} is not a tag: use 1 to 200 characters without spaces or control characters.`);
  }
}
