/**
 * The attribute a step made by an older Flowbench (or by hand) as a foreach or a switch sets
 * before it has a `self.next`; `connect` reads it to know which kind the step was meant to be.
 * New steps come wired from engine/editor/edits/split.ts.
 */
export const FOREACH_PLACEHOLDER = 'items';
export const SWITCH_PLACEHOLDER = 'choice';
