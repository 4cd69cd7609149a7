/** Canvas edits as pure codemods on the flow's Python source, and the undo history. */
export * from './edits.js';
export { applyEdit } from './apply-edit.js';
