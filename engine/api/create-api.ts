import { basename, dirname, join } from 'node:path';
import type { Backend } from '../backends/backend.js';
import type { BackendSelector } from '../runtime/backend-selector.js';
import type { FlowbenchConfig } from '../config/config.js';
import type { FlowTemplate } from '../editor/index.js';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { loadFlowForRun } from '../flows/load-flow.js';
import { parseFlow } from '../graph/index.js';
import { startRun, type StartRunRequest } from '../runtime/start-run.js';
import { readArtifactValue } from '../store/artifact-value.js';
import { parsePathspec, type Pathspec } from '../store/pathspec.js';
import type { TaskRecord } from '../store/records.js';
import type { RunStore, RunSummary as StoredRun } from '../store/run-store.js';
import { toApiError } from './api-error.js';
import {
  ApiErrorCode,
  isApiMethod,
  parseArgs,
  type ApiEventListener,
  type ApiMethod,
  type ApiParsedArgs,
  type ApiResult,
  type ApiResults,
  type RunRef,
} from './contract.js';
import { EventHub } from './event-hub.js';
import { IndexHolder, inspectHandlers } from './inspect-handlers.js';
import { listFolder } from './list-folder.js';
import { LiveRuns } from './live-runs.js';
import { OpenFlows, type SourceHistory } from './open-flows.js';
import { RecentParameters } from './recent-parameters.js';
import { createSyncApi } from './sync-handlers.js';
import { artifactOf, mergeTasks, runView, toRunSummary } from './run-views.js';
import { UserPaths } from './user-path.js';

/** Logs longer than this are sent from their end (the UI shows the tail first anyway). */
const MAX_LOG_CHARS = 2 * 1024 * 1024;

/** What the API needs from engine/editor besides applyEdit. */
export interface ApiEditor {
  newHistory(): SourceHistory;
  newFlowSource(template: FlowTemplate, flowName: string): string;
}

export interface ApiDependencies {
  readonly config: Pick<FlowbenchConfig, 'home' | 'user' | 'python'>;
  readonly store: RunStore;
  /** Backends by name; `defaultBackend` runs a request that names none. */
  readonly backends: { readonly [name: string]: Backend | BackendSelector };
  readonly defaultBackend: string;
  readonly editor: ApiEditor;
  readonly mode: 'electron' | 'browser';
  readonly version: string;
  /** Relative paths resolve against it; `fs.list` starts here. */
  readonly cwd: string;
  /** When set, no request may reach a path outside this folder. */
  readonly root?: string;
  /** Watch open flow files for changes by other editors (default true). */
  readonly watchFiles?: boolean;
  /** How often the index behind lists and queries looks at the store again (default 1 s). */
  readonly indexRefreshEveryMs?: number;
}

type ApiHandlers = { readonly [M in ApiMethod]: (args: ApiParsedArgs<M>) => Promise<ApiResults[M]> };

export interface Api {
  /**
   * The one way in for a transport: validates `rawArgs` against the method's schema, runs the
   * handler, and returns the result or the failure as a value. It never throws.
   */
  dispatch(method: string, rawArgs: unknown): Promise<ApiResult<unknown>>;
  onEvent(listener: ApiEventListener): () => void;
  /** Stops watching files and cancels the runs this API started (waiting for them to end). */
  close(): Promise<void>;
}

/**
 * The engine behind the contract. Built by each composition root (main/, engine/server/) from
 * concrete parts; tests build it the same way over a temporary FLOWBENCH_HOME.
 *
 * @example
 *   const api = createApi({ config, store, backends: { local }, defaultBackend: 'local', editor, mode: 'browser', version, cwd });
 *   const opened = await api.dispatch('flows.open', { path: 'flow.py' }); // { ok: true, value: FlowDocument }
 */
export function createApi(deps: ApiDependencies): Api {
  const events = new EventHub();
  const paths = new UserPaths(deps.cwd, deps.root);
  const recent = new RecentParameters(deps.config.home);
  const flows = new OpenFlows({
    newHistory: () => deps.editor.newHistory(),
    recentParameters: recent,
    onExternalChange: (path, document) => events.emit('flow.changed', { path, document }),
    watch: deps.watchFiles ?? true,
  });
  const index = new IndexHolder(deps.store, deps.indexRefreshEveryMs);
  const live = new LiveRuns((pathspec, event) => {
    // The end record is written: a list asked for on this event must see it, however soon after
    // the last catch-up (a run can start and end within the index's once-a-second refresh).
    if (event.type === 'run-finished') index.changed();
    events.emit('run.event', { pathspec, event });
  });
  const inspect = inspectHandlers({ store: deps.store, user: deps.config.user, index });
  const sync = createSyncApi({ store: deps.store, home: deps.config.home, user: deps.config.user }, events);

  const afterWrite = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } finally {
      index.changed();
    }
  };

  const backendNamed = (name: string | undefined): Backend | BackendSelector => {
    const chosen = name ?? deps.defaultBackend;
    const backend = deps.backends[chosen];
    if (!backend || !Object.prototype.hasOwnProperty.call(deps.backends, chosen)) {
      throw new FlowbenchError(ErrorCode.badArgument, `There is no backend "${chosen}". Available: ${Object.keys(deps.backends).join(', ')}.`);
    }
    return backend;
  };

  const start = async (path: string, request: Omit<StartRunRequest, 'flow'>, backendName?: string): Promise<RunRef> => {
    const flow = await loadFlowForRun(path);
    const run = await startRun({ store: deps.store, backend: backendNamed(backendName), user: deps.config.user, python: { python: deps.config.python } }, { flow, ...request });
    await live.follow(run);
    index.changed();
    // autoPush (config): the finished run goes up in the background; a failure is the sync's, not the run's.
    void run.done.then(() => sync.runFinished(), () => undefined);
    return { flow: run.flow, runId: run.runId, pathspec: run.pathspec };
  };

  const taskOf = async (text: string): Promise<{ path: Pathspec & { step: string; taskId: string }; run: StoredRun; record: TaskRecord | null }> => {
    const path = parsePathspec(text);
    if (path.step === undefined || path.taskId === undefined) {
      throw new FlowbenchError(ErrorCode.badArgument, `"${text}" names a run or a step; name a task: Flow/RunId/step/TaskId.`);
    }
    const run = await deps.store.requireRun(path.flow, path.runId);
    const record = await deps.store.readJson<TaskRecord>(`${deps.store.taskPrefix(path.flow, path.runId, path.step, path.taskId)}/task.json`);
    return { path: path as Pathspec & { step: string; taskId: string }, run, record };
  };

  const handlers: ApiHandlers = {
    'app.info': async () => ({ version: deps.version, mode: deps.mode, user: deps.config.user, home: deps.config.home, cwd: deps.cwd }),

    'fs.list': async ({ dir }) => listFolder(paths.resolve(dir ?? paths.top ?? deps.cwd), paths.top),

    'flows.open': async ({ path }) => flows.open(paths.flowFile(path)),
    'flows.create': async ({ path, template, flowName }) => {
      const file = paths.flowFile(path);
      return flows.create(file, deps.editor.newFlowSource(template, flowName ?? flowNameFor(file)));
    },
    'flows.edit': async ({ path, edit, mark }) => flows.edit(paths.flowFile(path), edit, mark),
    'flows.setSource': async ({ path, source, mark }) => flows.setSource(paths.flowFile(path), source, mark),
    'flows.undo': async ({ path }) => flows.undo(paths.flowFile(path)),
    'flows.redo': async ({ path }) => flows.redo(paths.flowFile(path)),
    'flows.setPositions': async ({ path, positions, mark }) => flows.setPositions(paths.flowFile(path), positions, mark),

    'runs.start': async ({ path, parameters, tags, backend, maxWorkers }) => {
      const file = paths.flowFile(path);
      const ref = await start(file, { parameters, tags, ...(maxWorkers !== undefined ? { maxWorkers } : {}) }, backend);
      // Remembered only once the run was accepted, so a typo does not become the next default.
      await recent.remember(file, parameters).catch(() => undefined);
      return ref;
    },
    'runs.resume': async ({ path, runId, fromStep }) =>
      start(paths.flowFile(path), { resume: { originRunId: runId, ...(fromStep !== undefined ? { fromStep } : {}) } }),
    'runs.cancel': async ({ pathspec }) => {
      const path = parsePathspec(pathspec);
      const runPathspec = `${path.flow}/${path.runId}`;
      if (live.cancel(runPathspec)) return {};
      const run = await deps.store.requireRun(path.flow, path.runId);
      throw new FlowbenchError(
        ErrorCode.badArgument,
        run.status === 'running'
          ? `${runPathspec} is running in another Flowbench process (pid ${run.record.engine.pid} on ${run.record.engine.host}); cancel it there.`
          : `${runPathspec} is not running (it ${run.status}).`,
      );
    },
    'runs.get': async ({ pathspec }) => {
      const path = parsePathspec(pathspec);
      const runPathspec = `${path.flow}/${path.runId}`;
      const stored = await deps.store.requireRun(path.flow, path.runId);
      const code = await deps.store.readCode(stored.record);
      const tasks = mergeTasks(runPathspec, await deps.store.listTasks(path.flow, path.runId), live.tasks(runPathspec));
      const view = runView(stored, { pulled: await deps.store.isPulled(path.flow, path.runId), tags: await deps.store.tagsOf(stored.record) });
      return { run: toRunSummary(view), code, graph: parseFlow(code), tasks };
    },

    'tasks.logs': async ({ pathspec, stream, attempt }) => {
      let { path, record } = await taskOf(pathspec);
      // A task reused by resume has no attempts of its own: its logs are the origin task's.
      for (let hops = 0; record?.origin && hops < 100; hops += 1) ({ path, record } = await taskOf(record.origin));
      const attempts = await deps.store.listAttempts(path.flow, path.runId, path.step, path.taskId);
      const chosen = attempt ?? attempts[attempts.length - 1];
      if (chosen === undefined) return { text: '', attempt: 0 }; // queued: nothing written yet
      if (!attempts.includes(chosen)) {
        throw new FlowbenchError(ErrorCode.notFound, `${pathspec} has no attempt ${chosen}; its attempts: ${attempts.join(', ')}.`);
      }
      const keys = deps.store.attemptKeys(path.flow, path.runId, path.step, path.taskId, chosen);
      const bytes = await deps.store.storage.get(stream === 'stdout' ? keys.stdout : keys.stderr);
      const text = bytes ? Buffer.from(bytes).toString('utf8') : '';
      return { text: text.length > MAX_LOG_CHARS ? `[… earlier output left out]\n${text.slice(-MAX_LOG_CHARS)}` : text, attempt: chosen };
    },

    'artifacts.get': async ({ pathspec, name }) => {
      const { run, record } = await taskOf(pathspec);
      if (!record) throw new FlowbenchError(ErrorCode.notFound, `${pathspec} has not finished yet; its artifacts appear when it does.`);
      const artifact = artifactOf(record, name, pathspec);
      if (typeof artifact === 'string') throw new FlowbenchError(ErrorCode.notFound, artifact);
      return readArtifactValue(deps.store.blobs, artifact, {
        python: deps.config.python,
        flowDir: dirname(run.record.flowFile),
        verifiedDir: join(deps.store.root, 'index', 'verified'),
        unpickle: !(await deps.store.isPulled(run.record.flow, run.record.runId)),
      });
    },

    // Inspection: engine/index (inspect-handlers.ts). Sharing: engine/sync (sync-handlers).
    ...inspect,
    ...sync.handlers,
    // What these write (tag events, pulled runs) shows in the next list at once, not within a second.
    'tags.add': async (args) => afterWrite(sync.handlers['tags.add'](args)),
    'tags.remove': async (args) => afterWrite(sync.handlers['tags.remove'](args)),
    'sync.run': async (args) => afterWrite(sync.handlers['sync.run'](args)),
  };

  return {
    async dispatch(method, rawArgs) {
      if (!isApiMethod(method)) {
        return { ok: false, error: { code: ApiErrorCode.unknownMethod, message: `"${String(method).slice(0, 64)}" is not a Flowbench API method.` } };
      }
      const args = parseArgs(method, rawArgs);
      if (!args.ok) return args;
      try {
        const handler = handlers[method] as (args: unknown) => Promise<unknown>;
        return { ok: true, value: await handler(args.value) };
      } catch (error) {
        return { ok: false, error: toApiError(error) };
      }
    },
    onEvent: (listener) => events.on(listener),
    async close() {
      flows.close();
      await live.cancelAll();
      await index.close();
      await sync.close();
    },
  };
}

/** `my_training.py` → `MyTrainingFlow`: a Python class name for a new flow. */
export function flowNameFor(file: string): string {
  const stem = basename(file, '.py').replace(/[^A-Za-z0-9]+/g, ' ').trim();
  let name = stem.split(' ').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  if (!/^[A-Za-z_]/.test(name)) name = `F${name}`;
  return name.endsWith('Flow') ? name : `${name}Flow`;
}
