/**
 * The run on screen: the runs of the open flow, the selected run with its recorded code and
 * graph, its tasks (kept live from `run.event`), the selected task and its logs.
 */
import { create } from 'zustand';
import { getClient } from '../api/client.js';
import { requestOrAdopt } from '../api/early-requests.js';
import type { RunDetails, RunEvent, RunSummary } from '../api/contract-types.js';
import { useFlowStore } from './flow-store.js';
import { useNamespaceStore } from './namespace-store.js';
import { BatchFold } from './run-batch-fold.js';
import { useUiStore } from './ui-store.js';

interface RunState {
  runs: readonly RunSummary[];
  filter: string;
  selected: string | null;
  detail: RunDetails | null;
  selectedTask: string | null;
  logs: { stdout: string; stderr: string };
  stream: 'stdout' | 'stderr';
  loadRuns(flow: string): Promise<void>;
  setFilter(filter: string): void;
  /** A run's tags changed (tags.add/remove answered): update it in the list and the run view. */
  retag(pathspec: string, tags: readonly string[]): void;
  select(pathspec: string | null): Promise<void>;
  selectTask(taskPathspec: string | null): Promise<void>;
  setStream(stream: 'stdout' | 'stderr'): void;
  start(path: string, parameters: Record<string, string>, tags: string[], backend: string): Promise<string | null>;
  cancel(): Promise<void>;
  /**
   * Resumes `runId` (default: the run on screen) with the flow's code as it is now, and shows
   * the resumed run.
   */
  resume(path: string, runId?: string): Promise<void>;
  /** One run event (a batch of one). */
  apply(pathspec: string, event: RunEvent): void;
  /** Every run event of one batch from the engine, in order, applied in ONE store update. */
  applyEvents(batch: readonly RunEventOf[]): void;
}

/** A run event and the run it belongs to, as `run.event` carries it. */
export interface RunEventOf {
  readonly pathspec: string;
  readonly event: RunEvent;
}

/** Events of a run that arrive before `runs.start` has answered with its pathspec. */
let starting = 0;
const early = new Map<string, RunEvent[]>();

const report = (e: unknown): void => useUiStore.getState().toast(e instanceof Error ? e.message : String(e));

/** Notifies the desktop when a run ends. Electron's main process notifies on its own. */
function notifyFinished(pathspec: string, status: string): void {
  if (getClient().transport !== 'websocket' || typeof Notification === 'undefined') return;
  if (Notification.permission === 'granted') new Notification(`Flowbench: run ${status}`, { body: pathspec });
}

export const useRunStore = create<RunState>()((set, get) => {
  /** A run on screen ended: tell the desktop, refresh the list, and read its complete records. */
  const onRunFinished = (pathspec: string, status: Exclude<RunSummary['status'], 'running'>): void => {
    notifyFinished(pathspec, status);
    void get().loadRuns(pathspec.split('/')[0] ?? '');
    // The records are complete now: refresh tasks with their final times and artifacts.
    void getClient()
      .request('runs.get', { pathspec })
      .then((fresh) => {
        if (get().selected === pathspec) set({ detail: { ...fresh, run: { ...fresh.run, status } } });
      })
      .catch(() => undefined);
  };
  return {
    runs: [],
    filter: '',
    selected: null,
    detail: null,
    selectedTask: null,
    logs: { stdout: '', stderr: '' },
    stream: 'stdout',
    loadRuns: async (flow) => {
      // In the namespace the switcher shows (mine when none is chosen); a later switch wins.
      const namespace = useNamespaceStore.getState().namespace;
      try {
        const runs = await requestOrAdopt('runs.list', namespace === null ? { flow } : { flow, namespace });
        if (useNamespaceStore.getState().namespace === namespace) set({ runs });
      } catch (e) {
        report(e);
      }
    },
    setFilter: (filter) => set({ filter }),
    retag: (pathspec, tags) => {
      const detail = get().detail;
      set({
        runs: get().runs.map((r) => (r.pathspec === pathspec ? { ...r, tags } : r)),
        ...(detail?.run.pathspec === pathspec ? { detail: { ...detail, run: { ...detail.run, tags } } } : {}),
      });
    },
    select: async (pathspec) => {
      set({ selected: pathspec, detail: null, selectedTask: null, logs: { stdout: '', stderr: '' } });
      if (pathspec === null) return;
      try {
        const detail = await getClient().request('runs.get', { pathspec });
        if (get().selected !== pathspec) return;
        // Events that arrived before the answer already made tasks: keep whichever is further along.
        const live = get().detail?.tasks ?? [];
        const known = new Set(detail.tasks.map((t) => `${t.step}/${t.taskId}`));
        set({ detail: { ...detail, tasks: [...detail.tasks, ...live.filter((t) => !known.has(`${t.step}/${t.taskId}`))] } });
      } catch (e) {
        report(e);
      }
    },
    selectTask: async (taskPathspec) => {
      set({ selectedTask: taskPathspec, logs: { stdout: '', stderr: '' } });
      if (taskPathspec === null) return;
      // Picking a task shows its logs, unless the person is reading its artifacts.
      if (useUiStore.getState().bottom !== 'artifacts') useUiStore.getState().setBottom('logs');
      try {
        const [stdout, stderr] = await Promise.all([
          getClient().request('tasks.logs', { pathspec: taskPathspec, stream: 'stdout' }),
          getClient().request('tasks.logs', { pathspec: taskPathspec, stream: 'stderr' }),
        ]);
        if (get().selectedTask === taskPathspec) set({ logs: { stdout: stdout.text, stderr: stderr.text } });
      } catch (e) {
        report(e);
      }
    },
    setStream: (stream) => set({ stream }),
    start: async (path, parameters, tags, backend) => {
      try {
        if (getClient().transport === 'websocket' && typeof Notification !== 'undefined' && Notification.permission === 'default') {
          void Notification.requestPermission().catch(() => undefined);
        }
        // The run reads the file from disk: let every edit asked for so far land first.
        await useFlowStore.getState().settled();
        starting += 1;
        const started = await getClient()
          .request('runs.start', { path, parameters, tags, backend })
          .finally(() => (starting -= 1));
        const placeholder: RunDetails = {
          run: { ...started, status: 'running', user: '', tags, parameters, startedAt: new Date().toISOString(), finishedAt: null, durationMs: null, flowFile: path, backend },
          code: '',
          graph: { flowName: null, classSpan: null, api: 'unknown', flowDecorators: [], parameters: [], steps: [], problems: [] },
          tasks: [],
        };
        set({ selected: started.pathspec, detail: placeholder, selectedTask: null, logs: { stdout: '', stderr: '' } });
        get().applyEvents((early.get(started.pathspec) ?? []).map((event) => ({ pathspec: started.pathspec, event })));
        early.clear();
        const detail = await getClient().request('runs.get', { pathspec: started.pathspec });
        if (get().selected === started.pathspec) {
          const live = get().detail?.tasks ?? [];
          const known = new Set(live.map((t) => `${t.step}/${t.taskId}`));
          const status = get().detail?.run.status ?? detail.run.status;
          set({ detail: { ...detail, run: { ...detail.run, status: status === 'running' ? detail.run.status : status }, tasks: [...live, ...detail.tasks.filter((t) => !known.has(`${t.step}/${t.taskId}`))] } });
        }
        void get().loadRuns(started.flow);
        return started.pathspec;
      } catch (e) {
        report(e);
        return null;
      }
    },
    cancel: async () => {
      const pathspec = get().selected;
      if (pathspec === null) return;
      try {
        await getClient().request('runs.cancel', { pathspec });
      } catch (e) {
        report(e);
      }
    },
    resume: async (path, runId) => {
      const origin = runId ?? get().detail?.run.runId;
      if (origin === undefined) return;
      try {
        // Edits still on their way to the file are part of "the code as it is now".
        await useFlowStore.getState().settled();
        const resumed = await getClient().request('runs.resume', { path, runId: origin });
        useUiStore.getState().setBottom('timeline');
        await get().select(resumed.pathspec);
        void get().loadRuns(resumed.flow);
      } catch (e) {
        report(e);
      }
    },
    apply: (pathspec, event) => get().applyEvents([{ pathspec, event }]),
    applyEvents: (batch) => {
      // 1. Fold every event of the batch into a working copy (tasks copied once, found by key).
      const state = get();
      const fold = new BatchFold(state, new Date().toISOString());
      const finished: { pathspec: string; status: Exclude<RunSummary['status'], 'running'> }[] = [];
      for (const { pathspec, event } of batch) {
        if (pathspec !== state.selected) {
          if (starting > 0) {
            const waiting = early.get(pathspec) ?? [];
            waiting.push(event);
            early.set(pathspec, waiting);
          }
          continue;
        }
        if (fold.apply(pathspec, event) && event.type === 'run-finished') finished.push({ pathspec, status: event.status });
      }
      // 2. One store update for the whole batch: one render of what reads the run.
      const changes = fold.changes();
      if (changes !== null) set(changes);
      // 3. What a run's end starts, after the update.
      for (const end of finished) onRunFinished(end.pathspec, end.status);
    },
  };
});
