import type { SplitFrame } from '../store/records.js';

/** The foreach frames of a split stack, as the step runtime expects them (docs/task-protocol.md). */
export function foreachStackForRuntime(stack: readonly SplitFrame[]): { step: string; var: string; index: number; num_splits: number }[] {
  return stack
    .filter((frame) => frame.kind === 'foreach')
    .map((frame) => ({ step: frame.step, var: frame.foreachVar ?? '', index: frame.index, num_splits: frame.width }));
}

/**
 * Where a task sits among splits, independent of task ids: `train[0.2]` style indices joined
 * by `/`. Resume matches a task of the new run to the origin's task at the same position.
 */
export function positionKey(step: string, stack: readonly SplitFrame[]): string {
  return `${step}@${stack.map((frame) => `${frame.step}:${frame.index}`).join('/')}`;
}

/** The join that closes the top frame collects its inputs under this key. */
export function joinKey(joinStep: string, stack: readonly SplitFrame[]): string {
  const outer = stack.slice(0, -1).map((frame) => `${frame.splitTaskId}:${frame.index}`).join('/');
  const top = stack[stack.length - 1];
  return `${joinStep}@${outer}#${top ? top.splitTaskId : ''}`;
}
