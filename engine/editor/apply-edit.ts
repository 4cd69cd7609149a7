import type { EditResult, FlowEdit } from './edits.js';

/** Applies one canvas edit to a flow's source. Pure: no disk, no UI. */
export function applyEdit(source: string, edit: FlowEdit): EditResult {
  void source;
  throw new Error(`applyEdit(${edit.type}) is not implemented yet`);
}
