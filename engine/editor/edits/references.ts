import { parseFlow, type StepSpec } from '../../graph/index.js';
import { argumentTarget, readNextCall, removeArgument, removeCase, removeNextStatement } from '../next-call.js';
import type { Replacement } from '../text-splice.js';
import { splice } from '../text-splice.js';

/** One change that removes one reference to `target` from `step`'s `self.next`, or null when there is none. */
function dropOne(source: string, step: StepSpec, target: string): Replacement | null {
  const t = step.transition;
  if (t.kind === 'end' || !t.targets.includes(target)) return null;
  if (t.kind === 'linear' || t.kind === 'foreach') return removeNextStatement(source, step);
  const call = readNextCall(source, step);
  if (!call) return null;
  if (t.kind === 'branch') {
    const index = call.positional.findIndex((item) => argumentTarget(item) === target);
    if (index === -1) return null;
    return call.positional.length === 1 ? removeNextStatement(source, step) : removeArgument(source, call, index);
  }
  const entries = call.dict?.entries ?? [];
  const index = entries.findIndex((entry) => entry.target === target);
  if (index === -1) return null;
  return entries.length === 1 ? removeNextStatement(source, step) : removeCase(source, call, index);
}

/**
 * Removes every edge from `from` (or from every step, when null) to `target`: a linear or
 * foreach `self.next` goes entirely, a branch loses that target, a switch that case. One
 * reference at a time, re-reading the file in between, so neighbouring removals never collide.
 */
export function dropReferences(source: string, from: string | null, target: string): string {
  let current = source;
  for (let guard = 0; guard < 1000; guard++) {
    const graph = parseFlow(current);
    let change: Replacement | null = null;
    for (const step of graph.steps) {
      if (from !== null && step.name !== from) continue;
      change = dropOne(current, step, target);
      if (change) break;
    }
    if (!change) return current;
    current = splice(current, [change]);
  }
  return current;
}
