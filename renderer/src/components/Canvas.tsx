/**
 * The flow as a graph. Everything drawn comes from the flow store (or the selected run); every
 * change goes out as an edit. Node positions are view state kept here while dragging and saved
 * to the sidecar once per drag.
 */
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  getViewportForBounds,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
  type OnBeforeDelete,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { PaletteKind, Position } from '../api/contract-types.js';
import { buildEdges, buildNodes, freshName, reconcileEdges, reconcileNodes } from '../lib/canvas-model.js';
import { declaredFitViewport, declareSizes, forgetDeclaredHandles } from '../lib/card-size.js';
import { planDrop, type DropTarget } from '../lib/drop-edit.js';
import { problemItems } from '../lib/problems.js';
import { mergePositions, NODE_HEIGHT, NODE_WIDTH, placeNewSteps } from '../lib/layout.js';
import { stepStates, taskToOpen } from '../lib/statuses.js';
import { useFlowStore } from '../stores/flow-store.js';
import { useRunStore } from '../stores/run-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { ListPrompt } from './ListPrompt.js';
import { StepNode, type StepFlowNode } from './StepNode.js';

const nodeTypes = { step: StepNode };
export const STEP_KIND_MIME = 'application/flowbench-step-kind';
/**
 * The minimap (150 × 100, bottom right) and the zoom controls (bottom left) sit over the bottom
 * of the canvas: fitting and dropping keep cards above that strip, so none hides under them.
 */
const OVERLAY_STRIP = 130;
const fitOptions = { padding: { top: '32px', left: '56px', right: '32px', bottom: `${OVERLAY_STRIP}px` }, maxZoom: 1.2 } as const;
const MIN_ZOOM = 0.1;
/** React Flow's fitting with fitOptions: what `fitView(fitOptions)` computes for these bounds. */
const fitBounds = (bounds: { x: number; y: number; width: number; height: number }, width: number, height: number) =>
  getViewportForBounds(bounds, width, height, MIN_ZOOM, fitOptions.maxZoom, fitOptions.padding);
/**
 * Below this zoom a card's text is too small to read (12 px shows as under 5 px), so the canvas
 * draws less (issue 11: panning 500 steps at fit view without a dropped frame):
 * - each card only its shape, its name and its status colour (`data-zoom="far"` in app.css);
 * - no background grid (at a tenth of the size its dots are a dense pattern repainted every frame);
 * - every node stays mounted: React Flow's culling (`onlyRenderVisibleElements`) would mount and
 *   unmount cards at the edges of the view on every pan frame, and at this zoom nearly all are in
 *   view anyway. Zoomed in, culling keeps the page small.
 */
const FAR_ZOOM = 0.4;
const isFar = (s: { transform: [number, number, number] }): boolean => s.transform[2] < FAR_ZOOM;

export function Canvas({ dark }: { dark: boolean }) {
  const doc = useFlowStore((s) => s.doc);
  const graph = useFlowStore((s) => s.graph);
  const detail = useRunStore((s) => s.detail);
  const selectedStep = useUiStore((s) => s.selectedStep);
  const fitRequest = useUiStore((s) => s.fitRequest);
  const rf = useReactFlow<StepFlowNode>();
  // A boolean: the canvas re-renders when the zoom crosses FAR_ZOOM, not on every pan or zoom frame.
  const far = useStore(isFar);
  const pending = useRef<Record<string, Position>>({});

  const runView = detail !== null;
  const shown = detail !== null && detail.graph.steps.length > 0 ? detail.graph : graph;
  const tasks = detail?.tasks;
  const runStatus = detail?.run.status;
  const states = useMemo(() => (tasks === undefined || shown === null ? null : stepStates(tasks, shown, runStatus ?? 'running')), [tasks, shown, runStatus]);
  const saved = doc?.positions;
  // The engine's layout is of its document's graph; any other (a run's, a graph kept while the
  // file does not parse) is laid out here.
  const laidOut = shown === doc?.graph ? doc.layout : undefined;
  const positions = useMemo(
    () => (shown === null ? {} : { ...mergePositions(shown, saved ?? {}, laidOut), ...pending.current }),
    [shown, saved, laidOut],
  );
  const findings = useMemo(() => problemItems(doc), [doc]);
  const built = useMemo(
    () => (shown === null ? [] : buildNodes({ graph: shown, positions, findings: runView ? [] : findings, states, readOnly: runView })),
    [shown, positions, findings, states, runView],
  );
  const builtEdges = useMemo(() => (shown === null ? [] : buildEdges(shown, states)), [shown, states]);
  // Edges are view state too (selection), rebuilt from the graph and keeping what was selected.
  const [edges, setEdges] = useState<Edge[]>(builtEdges);
  const edgesRef = useRef(edges);
  edgesRef.current = edges;
  useEffect(() => setEdges((previous) => reconcileEdges(previous, builtEdges)), [builtEdges]);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => setEdges((es) => applyEdgeChanges(changes, es)), []);

  const path = doc?.path;
  // The cards of a flow just opened declare their size, so the first paint shows them (card-size.ts).
  const [nodes, setNodes] = useState<StepFlowNode[]>(() => declareSizes(reconcileNodes([], built, selectedStep)));
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  const declaredFor = useRef(path);
  useEffect(() => {
    const opened = declaredFor.current !== path;
    declaredFor.current = path;
    setNodes((previous) => (opened ? declareSizes(reconcileNodes(previous, built, selectedStep)) : reconcileNodes(previous, built, selectedStep)));
  }, [built, selectedStep, path]);

  // A fit asked for (the Fit button, the code view opened or closed) holds while the pane changes
  // size, until the user pans or zooms: the code view resizes the pane a frame or more after the
  // request, and on a busy machine well after any fixed delay.
  const paneSize = useStore((s) => `${s.width}x${s.height}`);
  const holdFit = useRef(false);
  useEffect(() => {
    if (fitRequest === 0) return;
    holdFit.current = true;
    void rf.fitView({ ...fitOptions, duration: 200 });
  }, [fitRequest, rf]);
  useEffect(() => {
    if (holdFit.current) void rf.fitView({ ...fitOptions, duration: 200 });
  }, [paneSize, rf]);
  const onMoveStart = useCallback((event: MouseEvent | TouchEvent | null) => {
    if (event !== null) holdFit.current = false; // null: a move the app made itself
  }, []);
  const canvasRef = useRef<HTMLDivElement>(null);
  const builtRef = useRef(built);
  builtRef.current = built;
  useEffect(() => {
    if (path === undefined) return;
    // A flow just opened is fitted now, from its cards' declared sizes, so the first paint shows
    // the fitted view (card-size.ts); fitView then fits the measured cards (the same view unless
    // a size was declared wrong).
    const box = canvasRef.current;
    const cards = declareSizes(reconcileNodes(nodesRef.current, builtRef.current, null)); // what the next render holds
    const now = box === null ? null : declaredFitViewport(cards, { width: box.clientWidth, height: box.clientHeight }, fitBounds);
    if (now !== null) void rf.setViewport(now);
    const t = setTimeout(() => void rf.fitView(fitOptions), 50);
    return () => clearTimeout(t);
  }, [path, rf]);

  const onNodesChange = useCallback((changes: NodeChange<StepFlowNode>[]) => {
    const measured = changes.some((c) => c.type === 'dimensions');
    setNodes((ns) => (measured ? forgetDeclaredHandles(applyNodeChanges(changes, ns)) : applyNodeChanges(changes, ns)));
  }, []);

  const currentPositions = (): Record<string, Position> =>
    Object.fromEntries(nodesRef.current.map((n) => [n.id, { x: Math.round(n.position.x), y: Math.round(n.position.y) }]));

  const onNodeDragStop = useCallback(() => {
    void useFlowStore.getState().savePositions(currentPositions());
  }, []);

  const onNodeClick = useCallback((_e: unknown, node: StepFlowNode) => {
    useUiStore.getState().select(node.id);
    const step = useFlowStore.getState().graph?.steps.find((s) => s.name === node.id);
    if (step !== undefined) useUiStore.getState().revealLine(step.defSpan.startLine);
    const run = useRunStore.getState();
    const task = run.detail === null ? undefined : taskToOpen(run.detail.tasks, node.id);
    if (task !== undefined) {
      // A failed task opens on its traceback.
      if (task.status === 'failed') run.setStream('stderr');
      void run.selectTask(task.pathspec);
    }
  }, []);

  const onConnect = useCallback((c: Connection) => {
    const from = useFlowStore.getState().graph?.steps.find((s) => s.name === c.source);
    if (from === undefined || c.source === c.target) return;
    // An edge out of a switch is a new case, valued with the first free `case_N`.
    const caseValue = from.transition.kind === 'switch' ? freshName('case', Object.keys(from.transition.cases)) : undefined;
    void useFlowStore.getState().edit({ type: 'connect', from: c.source, to: c.target, ...(caseValue ? { caseValue } : {}) });
  }, []);

  const onBeforeDelete: OnBeforeDelete<StepFlowNode, Edge> = useCallback(async ({ nodes: ns, edges: es }) => {
    const store = useFlowStore.getState();
    for (const n of ns) if (n.id !== 'start' && n.id !== 'end') await store.edit({ type: 'deleteStep', name: n.id });
    const deleted = new Set(ns.map((n) => n.id));
    for (const e of es) if (!deleted.has(e.source) && !deleted.has(e.target)) await store.edit({ type: 'disconnect', from: e.source, to: e.target });
    if (ns.length > 0) useUiStore.getState().select(null);
    return false; // the new document redraws the canvas
  }, []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(STEP_KIND_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(STEP_KIND_MIME);
      if (!isPaletteKind(kind)) return;
      e.preventDefault();
      const target = dropTargetAt(e.clientX, e.clientY, edgesRef.current);
      const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
      const at = visibleDropPosition(rf, box, e.clientX, e.clientY);
      void (async () => {
        const list = kind === 'foreach' ? await useUiStore.getState().askList(e.clientX - box.left, e.clientY - box.top) : undefined;
        if (list === null) return;
        const before = currentPositions();
        const placed = await dropKind(kind, target, at, before, pending.current, list);
        // Fit only when a new card landed out of view (a whole split can reach below the fold).
        const view = visibleArea(rf, box);
        const outside = Object.entries(placed).some(([name, p]) => before[name] === undefined && (p.x < view.left || p.y < view.top || p.x + NODE_WIDTH > view.right || p.y + NODE_HEIGHT > view.bottom));
        if (outside) void rf.fitView({ ...fitOptions, duration: 200 });
      })();
    },
    [rf],
  );

  if (shown === null) return <div className="canvas empty-canvas" data-testid="canvas">Open or create a flow to start.</div>;
  return (
    <div ref={canvasRef} className="canvas" data-testid="canvas" data-run-view={runView ? 'true' : undefined} data-zoom={far ? 'far' : undefined}>
      <ReactFlow<StepFlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onNodeClick={onNodeClick}
        onPaneClick={() => useUiStore.getState().select(null)}
        onMoveStart={onMoveStart}
        onConnect={runView ? undefined : onConnect}
        nodesConnectable={!runView}
        onBeforeDelete={onBeforeDelete}
        deleteKeyCode={runView ? null : ['Delete', 'Backspace']}
        onDragOver={onDragOver}
        onDrop={onDrop}
        onlyRenderVisibleElements={!far}
        fitView
        fitViewOptions={fitOptions}
        minZoom={MIN_ZOOM}
        colorMode={dark ? 'dark' : 'light'}
        proOptions={{ hideAttribution: true }}
      >
        {!far && <Background gap={20} size={1} />}
        <MiniMap pannable zoomable style={{ width: 150, height: 100 }} maskColor="var(--minimap-mask)" nodeClassName={(n) => `minimap-${(n.data as { kind?: string }).kind ?? 'step'}`} />
        <Controls showInteractive={false} />
      </ReactFlow>
      <ListPrompt />
    </div>
  );
}

export const PALETTE_KINDS: readonly PaletteKind[] = ['step', 'branch', 'foreach', 'join', 'switch'];
const isPaletteKind = (k: string): k is PaletteKind => (PALETTE_KINDS as readonly string[]).includes(k);

/** The card or edge under a point of the screen, if any (edges by their wide interaction path). */
export function dropTargetAt(x: number, y: number, edges: readonly Edge[]): DropTarget {
  for (const el of document.elementsFromPoint(x, y)) {
    const node = el.closest('.react-flow__node');
    const id = node?.getAttribute('data-id');
    if (id) return { type: 'node', name: id };
    const edgeId = el.closest('.react-flow__edge')?.getAttribute('data-id');
    const edge = edgeId ? edges.find((e) => e.id === edgeId) : undefined;
    if (edge !== undefined) return { type: 'edge', from: edge.source, to: edge.target };
  }
  return null;
}

/** The part of the flow a person sees, in flow coordinates: the canvas less its margins and the overlay strip. */
function visibleArea(rf: ReturnType<typeof useReactFlow<StepFlowNode>>, box: DOMRect): { left: number; top: number; right: number; bottom: number } {
  const margin = 12;
  const topLeft = rf.screenToFlowPosition({ x: box.left + margin, y: box.top + margin });
  const bottomRight = rf.screenToFlowPosition({ x: box.right - margin, y: box.bottom - OVERLAY_STRIP });
  return { left: topLeft.x, top: topLeft.y, right: bottomRight.x, bottom: bottomRight.y };
}

/** Where a card dropped at a screen point goes: centred on it, but wholly inside the visible canvas. */
function visibleDropPosition(rf: ReturnType<typeof useReactFlow<StepFlowNode>>, box: DOMRect, x: number, y: number): Position {
  const view = visibleArea(rf, box);
  const p = rf.screenToFlowPosition({ x, y });
  const clamp = (v: number, lo: number, hi: number): number => (hi < lo ? lo : Math.min(Math.max(v, lo), hi));
  return {
    x: Math.round(clamp(p.x - NODE_WIDTH / 2, view.left, view.right - NODE_WIDTH)),
    y: Math.round(clamp(p.y - NODE_HEIGHT / 2, view.top, view.bottom - NODE_HEIGHT)),
  };
}

let dropCount = 0;

/**
 * A palette kind dropped at `at` on `target` (see planDrop): one edit, then the new steps placed
 * around it, both one undo step. `pending` holds positions until the sidecar answers, so new
 * cards do not jump.
 */
export async function dropKind(
  kind: PaletteKind,
  target: DropTarget,
  at: Position,
  before: Record<string, Position>,
  pending: Record<string, Position>,
  list?: string,
): Promise<Record<string, Position>> {
  const store = useFlowStore.getState();
  if (store.graph === null) return {};
  const plan = planDrop(kind, target, store.graph, list);
  const mark = `drop:${Date.now()}:${++dropCount}`;
  if (plan.placedAtDrop !== null) pending[plan.placedAtDrop] = at;
  const ok = await store.edit(plan.edit, mark);
  const graph = useFlowStore.getState().graph;
  let positions: Record<string, Position> = {};
  if (ok && graph !== null) {
    useUiStore.getState().select(plan.select);
    positions = placeNewSteps(graph, before, plan.anchor, plan.placedAtDrop !== null ? at : undefined);
    Object.assign(pending, positions);
    await store.savePositions(positions, mark);
    for (const name of Object.keys(positions)) delete pending[name];
  }
  if (plan.placedAtDrop !== null) delete pending[plan.placedAtDrop];
  return positions;
}

/**
 * Adds a step of `kind` (a palette click) at `at`, unconnected; a foreach asks for its list's
 * name inline first, at `promptAt` (canvas pixels).
 */
export async function addStepAt(kind: PaletteKind, at: Position, others: Record<string, Position>, promptAt: { x: number; y: number }): Promise<void> {
  const list = kind === 'foreach' ? await useUiStore.getState().askList(promptAt.x, promptAt.y) : undefined;
  if (list === null) return;
  await dropKind(kind, null, at, others, {}, list);
  useUiStore.getState().requestFit();
}
