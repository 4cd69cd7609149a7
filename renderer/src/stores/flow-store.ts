/**
 * A mirror of the open flow document. It never owns the file: every change is a request
 * (`flows.edit`, `flows.setSource`, `flows.undo`…) and the document the engine answers with
 * replaces the state. Requests run one after another so answers arrive in the order asked.
 */
import { create } from 'zustand';
import { getClient } from '../api/client.js';
import { requestOrAdopt } from '../api/early-requests.js';
import type { FlowDocument, FlowEdit, FlowGraph, Position, TemplateName } from '../api/contract-types.js';
import { useUiStore } from './ui-store.js';

interface FlowState {
  doc: FlowDocument | null;
  /** The graph the canvas draws: the document's, or the last one that parsed while the file does not. */
  graph: FlowGraph | null;
  /** True while the graph shown is an older one because the source does not parse. */
  stale: boolean;
  open(path: string): Promise<boolean>;
  create(path: string, template: TemplateName, flowName?: string): Promise<boolean>;
  /** `mark`: changes with the same mark in a row are one undo step (a drop: the edit and its positions). */
  edit(edit: FlowEdit, mark?: string): Promise<boolean>;
  setSource(source: string): Promise<boolean>;
  undo(): Promise<boolean>;
  redo(): Promise<boolean>;
  savePositions(positions: Record<string, Position>, mark?: string): Promise<boolean>;
  /** Resolves once every change asked for so far has been answered (e.g. before a run starts). */
  settled(): Promise<void>;
  /** The file changed on disk (another editor): not an undo step, just the new state. */
  external(doc: FlowDocument): void;
}

let queue: Promise<unknown> = Promise.resolve();
function serial<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
}

function report(error: unknown): false {
  useUiStore.getState().toast(error instanceof Error ? error.message : String(error));
  return false;
}

export function parses(graph: FlowGraph): boolean {
  return graph.problems.length === 0;
}

export const useFlowStore = create<FlowState>()((set, get) => {
  const accept = (doc: FlowDocument): true => {
    const previous = get().graph;
    const keepOld = !parses(doc.graph) && previous !== null && get().doc?.path === doc.path;
    set({ doc, graph: keepOld ? previous : doc.graph, stale: keepOld });
    return true;
  };
  const call = (work: () => Promise<FlowDocument>): Promise<boolean> =>
    serial(async () => {
      try {
        return accept(await work());
      } catch (e) {
        return report(e);
      }
    });
  const path = (): string => {
    const doc = get().doc;
    if (doc === null) throw new Error('Open or create a flow first.');
    return doc.path;
  };
  return {
    doc: null,
    graph: null,
    stale: false,
    open: (p) => {
      set({ doc: null, graph: null, stale: false });
      useUiStore.getState().select(null);
      return call(() => requestOrAdopt('flows.open', { path: p }));
    },
    create: (p, template, flowName) => {
      set({ doc: null, graph: null, stale: false });
      return call(() => getClient().request('flows.create', { path: p, template, ...(flowName ? { flowName } : {}) }));
    },
    edit: (edit, mark) => call(() => getClient().request('flows.edit', { path: path(), edit, ...(mark !== undefined ? { mark } : {}) })),
    setSource: (source) => call(() => getClient().request('flows.setSource', { path: path(), source })),
    undo: () => call(() => getClient().request('flows.undo', { path: path() })),
    redo: () => call(() => getClient().request('flows.redo', { path: path() })),
    // The sidecar holds every step's position: send the whole map, changed ones merged in. One
    // call is one undo step (a card moved, the flow laid out).
    savePositions: (positions, mark) =>
      call(() => getClient().request('flows.setPositions', { path: path(), positions: { ...get().doc?.positions, ...positions }, ...(mark !== undefined ? { mark } : {}) })),
    settled: () => serial(async () => undefined),
    external: (doc) => {
      if (get().doc?.path === doc.path) accept(doc);
    },
  };
});
