/**
 * The engine API as the renderer sees it: *types only*, from engine/api/contract.ts (the one
 * contract), under the short names the renderer uses.
 */
import type {
  ApiArgs,
  ApiError,
  ApiEvent,
  ApiEventBatch,
  ApiEvents,
  ApiMethod,
  ApiResult,
  ApiResults,
  ArtifactSummary,
  ArtifactValue,
  FlowDocument,
  FsEntry,
  Position,
  RunDetails,
  RunSummary,
  TaskState,
  TaskSummary,
} from '../../../engine/api/contract.js';
import type { FlowEdit, StepKind as PaletteKind } from '../../../engine/editor/edits.js';
import type { FlowGraph } from '../../../engine/graph/flow-graph.js';
import type { LintFinding } from '../../../engine/lint/lint-finding.js';
import type { RunEvent } from '../../../engine/runtime/events.js';

export type {
  ApiEvent,
  ApiEventBatch,
  ApiEvents,
  ArtifactSummary,
  ArtifactValue,
  FlowDocument,
  FlowEdit,
  FlowGraph,
  FsEntry,
  LintFinding,
  PaletteKind,
  Position,
  RunDetails,
  RunEvent,
  RunSummary,
  TaskSummary,
};
export type Method = ApiMethod;
export type ArgsOf<M extends Method> = ApiArgs<M>;
export type ResultOf<M extends Method> = ApiResults[M];
export type ApiErrorShape = ApiError;
export type Envelope<T> = ApiResult<T>;
export type TaskStatusValue = TaskState;
export type TemplateName = ArgsOf<'flows.create'>['template'];
