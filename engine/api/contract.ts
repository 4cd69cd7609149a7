/**
 * The one contract between the UI and the engine (STYLE.md 2; names from docs/app-plan.md).
 *
 * Every request has a zod schema for its arguments (validated at each transport's boundary: the
 * Electron IPC helper and the WebSocket server) and a result type; every event the engine pushes
 * is listed in `ApiEvent`. Results travel as `ApiResult<T>`: expected failures are values with a
 * code, never exceptions thrown across the transport.
 *
 * Invariant: this file imports only zod and *types* from engine modules that themselves import
 * nothing from Node. The renderer compiles it with DOM-only settings and the sandboxed preload
 * bundles it, so a `node:*` import anywhere in its type graph breaks both.
 */
import { z } from 'zod';
import type { DecoratorArgValue, FlowEdit } from '../editor/edits.js';
import type { ErrorCode } from '../errors/flowbench-error.js';
import type { FlowGraph } from '../graph/flow-graph.js';
import type { Position } from '../graph/layout.js';
import type { LintFinding } from '../lint/lint-finding.js';
import type { RunEvent } from '../runtime/events.js';
import type { RunStatus } from '../store/records.js';
import { flowDocumentShape, runEventSchema, syncProgressSchema } from './event-schemas.js';

// ---------------------------------------------------------------------------------------------
// Results and errors

/** Codes of failed requests: the engine's FlowbenchError codes plus the API's own. */
export const ApiErrorCode = {
  /** `flows.edit` refused the edit; the message is the reason, a sentence for the person. */
  editRefused: 'edit-refused',
  /** `flows.undo`/`flows.redo` with nothing to undo or redo. */
  nothingToUndo: 'nothing-to-undo',
  /** The method is not part of the contract. */
  unknownMethod: 'unknown-method',
} as const;
export type ApiErrorCode = ErrorCode | (typeof ApiErrorCode)[keyof typeof ApiErrorCode];

export interface ApiError {
  readonly code: ApiErrorCode;
  readonly message: string;
  /** 1-based line in the flow file the error concerns, when there is one. */
  readonly line?: number;
}

export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

// ---------------------------------------------------------------------------------------------
// FlowEdit (the codemods of engine/editor/edits.ts, validated at the boundary)

export type { DecoratorArgValue, FlowEdit };

const decoratorArgValue: z.ZodType<DecoratorArgValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(decoratorArgValue), z.record(z.string(), decoratorArgValue)]),
);
const decoratorArgs = z.record(z.string(), decoratorArgValue);
const stepKind = z.enum(['step', 'branch', 'foreach', 'join', 'switch']);
const paramType = z.enum(['str', 'int', 'float', 'bool', 'json']);
const name = z.string().min(1, 'a name is required');

export const flowEditSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('addStep'),
    name,
    kind: stepKind,
    between: z.strictObject({ from: name, to: name }).optional(),
    foreach: name.optional(),
  }),
  z.strictObject({ type: z.literal('makeSplit'), step: name, kind: z.enum(['branch', 'foreach', 'switch']), foreach: name.optional() }),
  z.strictObject({ type: z.literal('setForeach'), step: name, foreach: name }),
  z.strictObject({ type: z.literal('setSwitchCondition'), step: name, condition: name }),
  z.strictObject({ type: z.literal('renameCase'), step: name, from: z.string(), to: z.string() }),
  z.strictObject({ type: z.literal('connect'), from: name, to: name, caseValue: z.string().optional() }),
  z.strictObject({ type: z.literal('disconnect'), from: name, to: name }),
  z.strictObject({ type: z.literal('deleteStep'), name }),
  z.strictObject({ type: z.literal('renameStep'), from: name, to: name }),
  z.strictObject({ type: z.literal('duplicateStep'), name, newName: name }),
  z.strictObject({ type: z.literal('setDecorator'), step: name, name, args: decoratorArgs }),
  z.strictObject({ type: z.literal('removeDecorator'), step: name, name }),
  z.strictObject({ type: z.literal('setDocstring'), step: name, docstring: z.string().nullable() }),
  z.strictObject({ type: z.literal('setStepBody'), step: name, body: z.string() }),
  z.strictObject({
    type: z.literal('addParameter'),
    name,
    default: decoratorArgValue.optional(),
    paramType: paramType.optional(),
    help: z.string().optional(),
    required: z.boolean().optional(),
  }),
  z.strictObject({
    type: z.literal('updateParameter'),
    name,
    newName: name.optional(),
    default: decoratorArgValue.optional(),
    paramType: paramType.optional(),
    help: z.string().nullable().optional(),
    required: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('removeParameter'), name }),
  z.strictObject({ type: z.literal('setFlowDecorator'), name, args: decoratorArgs }),
  z.strictObject({ type: z.literal('removeFlowDecorator'), name }),
  z.strictObject({ type: z.literal('pasteSteps'), source: z.string() }),
]);
// The schema and the editor's type must describe the same objects (a compile error otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesFlowEdit: Same<z.infer<typeof flowEditSchema>, FlowEdit> = true;
void schemaMatchesFlowEdit;

// ---------------------------------------------------------------------------------------------
// Argument schemas

/** A file-system path from the UI: non-empty, no NUL (the engine resolves it against cwd). */
const filePath = z
  .string()
  .min(1, 'a path is required')
  .max(4096, 'the path is too long')
  .refine((value) => !value.includes('\0'), 'the path contains a NUL character');
/** `Flow/RunId` or deeper; parsed and checked again by the store. */
const pathspec = z.string().min(3, 'a pathspec (Flow/RunId…) is required').max(512);
const position = z.strictObject({ x: z.number().finite(), y: z.number().finite() });

/** Every request's argument schema, keyed by method name. The key order is the method list. */
export const requestSchemas = {
  'app.info': z.strictObject({}),
  'fs.list': z.strictObject({ dir: filePath.optional() }),
  'flows.open': z.strictObject({ path: filePath }),
  'flows.create': z.strictObject({
    path: filePath,
    template: z.enum(['empty', 'branch', 'foreach', 'pandas']),
    flowName: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the flow name must be a Python identifier').optional(),
  }),
  /** `mark`: consecutive changes with the same mark are one undo step (a burst of typing). */
  'flows.edit': z.strictObject({ path: filePath, edit: flowEditSchema, mark: z.string().max(200).optional() }),
  'flows.setSource': z.strictObject({
    path: filePath,
    source: z.string().max(10_000_000, 'the source is larger than 10 MB'),
    mark: z.string().max(200).optional(),
  }),
  'flows.undo': z.strictObject({ path: filePath }),
  'flows.redo': z.strictObject({ path: filePath }),
  /** `mark`: the same mark as the `flows.edit` just before makes the two one undo step (a drop). */
  'flows.setPositions': z.strictObject({ path: filePath, positions: z.record(z.string(), position), mark: z.string().max(200).optional() }),
  'runs.start': z.strictObject({
    path: filePath,
    parameters: z.record(z.string(), z.string()).default({}),
    tags: z.array(z.string().min(1, 'a tag cannot be empty')).default([]),
    backend: z.string().min(1).optional(),
    maxWorkers: z.number().int().positive('maxWorkers must be at least 1').max(1024).optional(),
  }),
  'runs.resume': z.strictObject({ path: filePath, runId: z.string().min(1), fromStep: z.string().min(1).optional() }),
  'runs.cancel': z.strictObject({ pathspec }),
  /**
   * Runs, newest first, through the index. `namespace`: `user:<name>` (default: mine), any tag,
   * or `all`; `tags`: every one must be on the run; `status`: only runs in that state.
   */
  'runs.list': z.strictObject({
    flow: z.string().min(1).optional(),
    namespace: z.string().min(1).max(200).optional(),
    tags: z.array(z.string().min(1)).optional(),
    status: z.enum(['running', 'succeeded', 'failed', 'cancelled']).optional(),
    limit: z.number().int().positive().max(100_000).optional(),
  }),
  'runs.get': z.strictObject({ pathspec }),
  'tasks.logs': z.strictObject({
    pathspec,
    stream: z.enum(['stdout', 'stderr']),
    attempt: z.number().int().nonnegative().optional(),
  }),
  'artifacts.get': z.strictObject({ pathspec, name: z.string().min(1) }),

  // ---- Inspection (engine/index: DuckDB over the store) ----
  /** Every artifact of a task, with what the browser needs to choose a view. */
  'artifacts.list': z.strictObject({ pathspec }),
  /** One page of a table artifact (a DataFrame, or a list of records), sorted when asked. */
  'artifacts.page': z.strictObject({
    pathspec,
    name: z.string().min(1),
    offset: z.number().int().nonnegative().default(0),
    limit: z.number().int().positive().max(10_000).default(100),
    orderBy: z.strictObject({ column: z.string().min(1), descending: z.boolean().default(false) }).optional(),
  }),
  /** Per-column summary of a table artifact: type, nulls, distinct, min/max, a small histogram. */
  'artifacts.summary': z.strictObject({ pathspec, name: z.string().min(1) }),
  /**
   * A SQL query typed by a person: read-only, confined to the store, time- and memory-limited.
   * `namespace` (as runs.list's; default mine) is what `flowbench query --namespace` means: the
   * views show that namespace's runs and `latest` is its newest succeeded run (docs/inspect.md).
   */
  'query.run': z.strictObject({
    sql: z.string().min(1, 'a query is required').max(100_000),
    namespace: z.string().min(1).max(200).optional(),
    /** Rows returned at most (the result says when there were more). */
    limit: z.number().int().positive().max(100_000).default(1000),
    /** Lets `query.cancel` stop it. */
    queryId: z.string().min(1).max(64).optional(),
  }),
  'query.cancel': z.strictObject({ queryId: z.string().min(1).max(64) }),
  /** A query's whole result as a file's bytes (CSV or Parquet), for a download. */
  'query.export': z.strictObject({
    sql: z.string().min(1).max(100_000),
    format: z.enum(['csv', 'parquet']),
    namespace: z.string().min(1).max(200).optional(),
  }),
  /** Names for the SQL editor's completion: views and their columns, table artifacts of the namespace's runs. */
  'query.schema': z.strictObject({ namespace: z.string().min(1).max(200).optional() }),
  /** Two or more runs side by side (`Flow/RunId` each; the first is the baseline). */
  'runs.compare': z.strictObject({ pathspecs: z.array(pathspec).min(2, 'pick at least two runs').max(8, 'compare at most 8 runs') }),
  /** One metric (a numeric scalar artifact) across the runs of a flow, for a chart. */
  'metrics.series': z.strictObject({
    flow: z.string().min(1),
    name: z.string().min(1),
    step: z.string().min(1).optional(),
    namespace: z.string().min(1).optional(),
  }),

  // ---- Sharing (engine/sync: a shared S3 namespace) ----
  /** Who and which tags there are, for the namespace switcher. */
  'namespaces.list': z.strictObject({}),
  'tags.add': z.strictObject({ pathspec, tags: z.array(z.string().min(1).max(200)).min(1) }),
  'tags.remove': z.strictObject({ pathspec, tags: z.array(z.string().min(1).max(200)).min(1) }),
  /** Remotes, what is pushed and pending, the transfer in progress, the last error. */
  'sync.status': z.strictObject({}),
  /** Pull, push, or both; progress arrives as `sync.progress` events. */
  'sync.run': z.strictObject({ remote: z.string().min(1).optional(), direction: z.enum(['pull', 'push', 'sync']).default('sync') }),
} as const;

export type ApiMethod = keyof typeof requestSchemas;
/** Every method, in the contract's order (the preload and the IPC registration loop over it). */
export const API_METHODS = Object.keys(requestSchemas) as readonly ApiMethod[];

/** What a caller passes (defaults not yet applied). */
export type ApiArgs<M extends ApiMethod> = z.input<(typeof requestSchemas)[M]>;
/** What a handler receives (validated, defaults applied). */
export type ApiParsedArgs<M extends ApiMethod> = z.output<(typeof requestSchemas)[M]>;

// ---------------------------------------------------------------------------------------------
// Result types

export interface AppInfo {
  readonly version: string;
  readonly mode: 'electron' | 'browser';
  readonly user: string;
  readonly home: string;
  readonly cwd: string;
}

export interface FsEntry {
  readonly name: string;
  readonly path: string;
  readonly kind: 'file' | 'dir';
  /** A `.py` file that defines a FlowSpec subclass (by a quick text check). */
  readonly isFlow: boolean;
}

export interface FsListing {
  readonly dir: string;
  /** null at the file-system root. */
  readonly parent: string | null;
  /** Folders first, then `.py` files, each sorted by name; hidden entries left out. */
  readonly entries: readonly FsEntry[];
}

/** A card's top-left corner on the canvas (engine/graph/layout.ts). */
export type { Position } from '../graph/layout.js';

export interface FlowDocument {
  /** Absolute path of the flow file. */
  readonly path: string;
  readonly source: string;
  /** The last graph that parsed; when the source does not parse, `graph.problems` says why. */
  readonly graph: FlowGraph;
  readonly findings: readonly LintFinding[];
  /** User-moved node positions from the sidecar file; steps absent here are laid out. */
  readonly positions: { readonly [step: string]: Position };
  /**
   * The automatic layout of `graph` (engine/graph/layout.ts), for the steps `positions` lacks:
   * present when one lacks a position and the flow has at most LAYOUT_IN_ENGINE_MAX_STEPS steps
   * (engine/api/open-flows.ts). Without it the renderer lays the flow out itself.
   */
  readonly layout?: { readonly [step: string]: Position };
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  /** Parameter values of the last run started from this file. */
  readonly recentParameters?: { readonly [name: string]: string };
  /**
   * Each step's text as the editor reads it, so the UI never slices source by itself: `body`
   * is what `setStepBody` takes back unchanged (no docstring, dedented), `method` the step's
   * whole method for copy and paste (`pasteSteps`). From the current source, also mid-edit.
   */
  readonly stepText: { readonly [step: string]: StepText };
}

export interface StepText {
  readonly body: string;
  readonly method: string;
}

export interface RunRef {
  readonly flow: string;
  readonly runId: string;
  readonly pathspec: string;
}

export interface RunSummary extends RunRef {
  readonly status: RunStatus;
  readonly user: string;
  readonly tags: readonly string[];
  readonly parameters: { readonly [name: string]: unknown };
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly durationMs: number | null;
  /** Why the run failed or was cancelled, or why a run without an end counts as failed. */
  readonly message?: string;
  /** The flow file it was started from. */
  readonly flowFile: string;
  readonly backend: string;
  /** For a resumed run: the pathspec of the run it resumed. */
  readonly origin?: string;
  /** True when the run came from a teammate through a remote (its blobs arrive when opened). */
  readonly pulled?: boolean;
  /** Set when one of the run's records cannot be read: the file and what is wrong (the run counts as failed). */
  readonly damaged?: { readonly file: string; readonly message: string };
}

export const TaskState = {
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  retrying: 'retrying',
} as const;
export type TaskState = (typeof TaskState)[keyof typeof TaskState];

export interface ArtifactSummary {
  readonly name: string;
  readonly type: string;
  readonly size: number;
  readonly preview: string;
}

export interface TaskSummary {
  readonly step: string;
  readonly taskId: string;
  readonly pathspec: string;
  readonly status: TaskState;
  /** The current (or last) attempt, counting from 0. */
  readonly attempt: number;
  /** Absent while the task is queued. */
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** Position inside the innermost foreach, when the task is in one. */
  readonly foreachIndex?: number;
  /** Width of the innermost foreach (e.g. 50 for "12/50"). */
  readonly foreachWidth?: number;
  /** The foreach input as Python writes it (`'y'`), once the task has a record. */
  readonly foreachInput?: string;
  /** Resume reused this task of the origin run instead of running it. */
  readonly reused?: boolean;
  readonly artifacts: readonly ArtifactSummary[];
  /** For a failed task: the exception, `Type: message`. */
  readonly message?: string;
}

export interface RunDetails {
  readonly run: RunSummary;
  /** The code the run was started with (not the file as it is now). */
  readonly code: string;
  /** The graph parsed from `code`. */
  readonly graph: FlowGraph;
  readonly tasks: readonly TaskSummary[];
}

export interface TaskLogs {
  readonly text: string;
  readonly attempt: number;
}

/**
 * Same shape as engine/store/artifact-value.ts, restated: that module imports node:child_process,
 * which renderer/tsconfig.json (DOM only) cannot compile even for `import type`. The
 * `artifacts.get` handler in create-api.ts returns the store's type as this one, so the compiler
 * still refuses a store shape this copy does not describe.
 */
export type ArtifactValue =
  | { readonly kind: 'json'; readonly value: unknown }
  | {
      readonly kind: 'table';
      readonly columns: readonly string[];
      readonly rows: readonly { readonly [column: string]: unknown }[];
      readonly totalRows: number;
    }
  /** `message`: why the repr could not be made (the stored preview is shown instead). */
  | { readonly kind: 'repr'; readonly repr: string; readonly message?: string }
  | ImageValue;

export type EmptyResult = Record<string, never>;

// ---- Inspection results ----

/** How the artifact browser shows an artifact. */
export const ArtifactView = { table: 'table', json: 'json', image: 'image', repr: 'repr' } as const;
export type ArtifactView = (typeof ArtifactView)[keyof typeof ArtifactView];

export interface ArtifactInfo {
  readonly name: string;
  /** The Python type, e.g. `int`, `pandas.core.frame.DataFrame`. */
  readonly type: string;
  readonly encoding: 'json' | 'pickle';
  readonly size: number;
  readonly sha256: string;
  readonly preview: string;
  readonly view: ArtifactView;
  /** For a table: its row count and columns. */
  readonly table?: { readonly rows: number; readonly columns: readonly { readonly name: string; readonly type: string }[] };
  /** A numeric scalar (int or float, not bool): charted across runs by `metrics.series`. */
  readonly metric?: number;
  /** False for a teammate's artifact whose blob has not been downloaded yet (it is, when opened). */
  readonly local: boolean;
}

export interface Column {
  readonly name: string;
  /** DuckDB's type name, e.g. `BIGINT`, `DOUBLE`, `VARCHAR`, `TIMESTAMP`. */
  readonly type: string;
}

/**
 * Rows as JSON-safe objects: integers beyond 2^53 as strings, timestamps as ISO 8601 text,
 * blobs as base64.
 */
export type Row = { readonly [column: string]: unknown };

export interface TablePage {
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
  readonly offset: number;
  readonly totalRows: number;
}

export interface ColumnSummary {
  readonly name: string;
  readonly type: string;
  readonly nulls: number;
  /** Distinct non-null values: exact (count DISTINCT) up to a few million rows, else an estimate. */
  readonly distinct: number;
  /** True when `distinct` is an estimate (HyperLogLog on a table too large to count exactly); shown as "≈". */
  readonly distinctApproximate: boolean;
  readonly min: unknown;
  readonly max: unknown;
  /** Equal-width bins over [min, max] for numeric columns; the most frequent values otherwise. */
  readonly histogram: readonly { readonly label: string; readonly count: number }[];
}

export interface ImageValue {
  readonly kind: 'image';
  readonly mime: 'image/png' | 'image/jpeg';
  readonly base64: string;
}

export interface QueryResult {
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
  /** True when the query had more rows than `limit`. */
  readonly truncated: boolean;
  readonly elapsedMs: number;
}

export interface ExportedFile {
  readonly filename: string;
  readonly mime: string;
  readonly base64: string;
}

export interface QuerySchema {
  readonly views: readonly { readonly name: string; readonly columns: readonly string[] }[];
  /** `artifact('Flow/RunId/step', 'name')` calls the editor can complete, newest runs first. */
  readonly artifacts: readonly { readonly pathspec: string; readonly name: string; readonly columns: readonly string[] }[];
}

/** One compared value per run, in the order the runs were given; null where a run has none. */
export interface ComparedRow<V> {
  readonly values: readonly (V | null)[];
  /** Every run has it, and all are equal (artifacts: the same digest). */
  readonly same: boolean;
}

export interface ComparedArtifact {
  readonly sha256: string;
  readonly type: string;
  readonly size: number;
  readonly table?: { readonly rows: number; readonly columns: readonly Column[] };
}

export interface RunComparison {
  readonly runs: readonly RunSummary[];
  readonly params: readonly (ComparedRow<unknown> & { readonly name: string })[];
  readonly metrics: readonly (ComparedRow<number> & { readonly step: string; readonly name: string })[];
  readonly artifacts: readonly (ComparedRow<ComparedArtifact> & { readonly step: string; readonly name: string })[];
  readonly tags: ComparedRow<readonly string[]>;
  /** Each run's flow code, and a unified diff of each against the first ('' when identical). */
  readonly code: readonly { readonly source: string; readonly diff: string }[];
  /** Steps whose code differs from the first run's, per run. */
  readonly changedSteps: readonly (readonly string[])[];
}

export interface MetricPoint {
  readonly pathspec: string;
  readonly runId: string;
  readonly startedAt: string;
  readonly user: string;
  readonly step: string;
  readonly value: number;
  readonly parameters: { readonly [name: string]: unknown };
}

// ---- Sharing results ----

export interface Namespaces {
  readonly current: string;
  readonly users: readonly string[];
  readonly tags: readonly string[];
}

export interface RemoteInfo {
  readonly name: string;
  /** `s3://bucket/prefix` */
  readonly url: string;
  readonly endpoint?: string;
  readonly isDefault: boolean;
}

export interface SyncSummary {
  readonly pushedRuns: number;
  readonly pulledRuns: number;
  readonly bytesUp: number;
  readonly bytesDown: number;
}

export interface SyncStatus {
  readonly remotes: readonly RemoteInfo[];
  /** Finished runs of this store not yet on the default remote. */
  readonly pendingRuns: number;
  readonly pushedRuns: number;
  readonly lastSync: { readonly at: string; readonly summary: SyncSummary } | null;
  readonly inProgress: SyncProgress | null;
  readonly lastError: string | null;
}

export interface SyncProgress {
  readonly remote: string;
  readonly phase: 'pull' | 'push';
  readonly objectsDone: number;
  readonly objectsTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

/** The result type of every method. */
export interface ApiResults {
  'app.info': AppInfo;
  'fs.list': FsListing;
  'flows.open': FlowDocument;
  'flows.create': FlowDocument;
  'flows.edit': FlowDocument;
  'flows.setSource': FlowDocument;
  'flows.undo': FlowDocument;
  'flows.redo': FlowDocument;
  /** The document after the move (a move is one undo step: `canUndo` says so). */
  'flows.setPositions': FlowDocument;
  'runs.start': RunRef;
  'runs.resume': RunRef;
  'runs.cancel': EmptyResult;
  'runs.list': readonly RunSummary[];
  'runs.get': RunDetails;
  'tasks.logs': TaskLogs;
  'artifacts.get': ArtifactValue;
  'artifacts.list': readonly ArtifactInfo[];
  'artifacts.page': TablePage;
  'artifacts.summary': readonly ColumnSummary[];
  'query.run': QueryResult;
  'query.cancel': EmptyResult;
  'query.export': ExportedFile;
  'query.schema': QuerySchema;
  'runs.compare': RunComparison;
  'metrics.series': readonly MetricPoint[];
  'namespaces.list': Namespaces;
  'tags.add': RunSummary;
  'tags.remove': RunSummary;
  'sync.status': SyncStatus;
  'sync.run': SyncSummary;
}

// ---------------------------------------------------------------------------------------------
// Events (engine → UI)

export interface ApiEvents {
  /** Every event of a run started or resumed through this API, in order. */
  'run.event': { readonly pathspec: string; readonly event: RunEvent };
  /** The flow file changed on disk by another editor: history was reset (not an undo step). */
  'flow.changed': { readonly path: string; readonly document: FlowDocument };
  /** A pull or push in progress (throttled); `done` on its last event. */
  'sync.progress': SyncProgress & { readonly done: boolean };
}
export type ApiEventName = keyof ApiEvents;
export const API_EVENTS = ['run.event', 'flow.changed', 'sync.progress'] as const satisfies readonly ApiEventName[];
export type ApiEvent = { [E in ApiEventName]: { readonly event: E; readonly payload: ApiEvents[E] } }[ApiEventName];
export type ApiEventListener = (event: ApiEvent) => void;

/**
 * What travels to the UI: every event of a short window (about 50 ms; at once on a run's end or
 * a failure), in the order the engine emitted them (engine/api/event-batcher.ts). One message
 * per batch on both transports: the IPC event channel and the WebSocket (`{ events: [...] }`).
 * The UI applies a batch in one update, so a foreach of 10,000 tasks is a few thousand messages
 * and renders, not tens of thousands.
 */
export interface ApiEventBatch {
  readonly events: readonly ApiEvent[];
}
export type ApiEventBatchListener = (batch: ApiEventBatch) => void;

const apiEventSchema = z.discriminatedUnion('event', [
  z.strictObject({ event: z.literal('run.event'), payload: z.strictObject({ pathspec, event: runEventSchema }) }),
  z.strictObject({ event: z.literal('flow.changed'), payload: z.strictObject({ path: filePath, document: flowDocumentShape }) }),
  z.strictObject({ event: z.literal('sync.progress'), payload: syncProgressSchema }),
]);
/** The batch message, checked as every request's arguments are. */
export const apiEventBatchSchema = z.strictObject({ events: z.array(apiEventSchema) });
// Run events and sync progress are checked exactly (a compile error when a type moves alone).
const schemaMatchesRunEvents: Same<z.infer<typeof apiEventSchema> & { event: 'run.event' }, ApiEvent & { event: 'run.event' }> = true;
const schemaMatchesSyncProgress: Same<z.infer<typeof syncProgressSchema>, ApiEvents['sync.progress']> = true;
void schemaMatchesRunEvents;
void schemaMatchesSyncProgress;

/**
 * Checks one event against the contract before it leaves the engine (the batcher does, for both
 * transports): null when it is what the contract says, else a sentence naming what is wrong.
 */
export function checkApiEvent(event: ApiEvent): string | null {
  const parsed = apiEventSchema.safeParse(event);
  if (parsed.success) return null;
  const details = parsed.error.issues.map((issue) => `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`).join('; ');
  return `The engine made an event the contract does not describe (${String((event as { event?: unknown }).event)}): ${details}.`;
}

// ---------------------------------------------------------------------------------------------
// Method names on the bridge: `flows.open` → `flowsOpen`

type CamelCase<S extends string> = S extends `${infer Head}.${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;
export type ApiBridgeName<M extends ApiMethod> = CamelCase<M>;

/** `flows.setPositions` → `flowsSetPositions`. */
export function bridgeName<M extends ApiMethod>(method: M): ApiBridgeName<M> {
  return method.replace(/\.([a-z])/g, (_match, letter: string) => letter.toUpperCase()) as ApiBridgeName<M>;
}

/** The camelCase name of every method, e.g. `BRIDGE_NAMES['flows.open'] === 'flowsOpen'`. */
export const BRIDGE_NAMES = Object.fromEntries(API_METHODS.map((method) => [method, bridgeName(method)])) as {
  readonly [M in ApiMethod]: ApiBridgeName<M>;
};

/** `window.flowbench` in the desktop app; the WebSocket client implements the same shape. */
export type FlowbenchApi = {
  readonly [M in ApiMethod as ApiBridgeName<M>]: (args: ApiArgs<M>) => Promise<ApiResult<ApiResults[M]>>;
} & {
  /** Listens to the engine's events, a batch at a time; returns the function that stops listening. */
  readonly onEvents: (listener: ApiEventBatchListener) => () => void;
};

/** The IPC channel of a method in the desktop app; `EVENT_CHANNEL` carries an `ApiEventBatch` per message. */
export const ipcChannel = (method: ApiMethod): string => `flowbench:${method}`;
export const EVENT_CHANNEL = 'flowbench:event';

// ---------------------------------------------------------------------------------------------
// Validation and the WebSocket wire format

/**
 * Validates a method's raw arguments. A refusal names the argument and what is wrong with it, in
 * one line, e.g. `flows.open: path: a path is required`.
 */
export function parseArgs<M extends ApiMethod>(method: M, raw: unknown): ApiResult<ApiParsedArgs<M>> {
  const parsed = requestSchemas[method].safeParse(raw ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as ApiParsedArgs<M> };
  const details = parsed.error.issues
    .map((issue) => `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
    .join('; ');
  return { ok: false, error: { code: 'bad-argument', message: `${method}: invalid arguments: ${details}.` } };
}

export function isApiMethod(value: unknown): value is ApiMethod {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, value);
}

/** Browser mode, client → server: one request. `id` pairs it with its response. */
export const wireRequestSchema = z.strictObject({
  id: z.union([z.number().int(), z.string().max(64)]),
  method: z.string().max(64),
  args: z.unknown().optional(),
});
/** Browser mode, server → client: a response, or a batch of events. */
export type WireMessage = { readonly id: number | string | null; readonly result: ApiResult<unknown> } | ApiEventBatch;

// ---------------------------------------------------------------------------------------------
// Desktop shell → renderer: menu commands (Electron only; browser mode has keyboard shortcuts)

/**
 * What a native menu item asks the renderer to do. Items that need a file were already answered
 * by a native dialog in the main process: `path` is what the person picked.
 */
export type AppCommand =
  | { readonly command: 'newFlow' | 'openFlow' | 'openFolder' | 'saveAs'; readonly path: string }
  | { readonly command: 'undo' | 'redo' | 'fit' | 'autoLayout' | 'toggleTheme' | 'run' | 'cancelRun' };
export type AppCommandListener = (command: AppCommand) => void;
export const COMMAND_CHANNEL = 'flowbench:command';

/** `window.flowbench` in the desktop app: the API plus the shell's own members. */
export type FlowbenchBridge = FlowbenchApi & {
  readonly version: string;
  /** Listens to native menu commands; returns the function that stops listening. */
  readonly onCommand: (listener: AppCommandListener) => () => void;
};
