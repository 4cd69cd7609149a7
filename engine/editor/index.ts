/**
 * Canvas edits as pure codemods on a flow's Python source (`applyEdit`), the undo history of a
 * flow file, the templates for new flows, and the step text helpers the inspector and the
 * clipboard use.
 */
export * from './edits.js';
export { applyEdit } from './apply-edit.js';
export { EditHistory, sameSnapshot, type FlowSnapshot } from './history.js';
export { FlowTemplate, newFlowSource } from './templates.js';
export { copySteps, readStepBody } from './step-text.js';
export { FOREACH_PLACEHOLDER, SWITCH_PLACEHOLDER } from './edits/add-step.js';
export { DEFAULT_FOREACH_LIST, SWITCH_CONDITION } from './edits/split.js';
