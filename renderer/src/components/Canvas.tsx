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
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
  type OnBeforeDelete,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { PaletteKind, Position } from '../api/contract-types.js';
import { buildEdges, buildNodes, freshName, reconcileEdges, reconcileNodes } from '../lib/canvas-model.js';
import { mergePositions, NODE_HEIGHT, NODE_WIDTH } from '../lib/layout.js';
import { stepStates } from '../lib/statuses.js';
import { useFlowStore } from '../stores/flow-store.js';
import { useRunStore } from '../stores/run-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { StepNode, type StepFlowNode } from './StepNode.js';

const nodeTypes = { step: StepNode };
export const STEP_KIND_MIME = 'application/flowbench-step-kind';
const fitOptions = { padding: 0.25, maxZoom: 1.2 };

export function Canvas({ dark }: { dark: boolean }) {
  const doc = useFlowStore((s) => s.doc);
  const graph = useFlowStore((s) => s.graph);
  const detail = useRunStore((s) => s.detail);
  const selectedStep = useUiStore((s) => s.selectedStep);
  const fitRequest = useUiStore((s) => s.fitRequest);
  const rf = useReactFlow<StepFlowNode>();
  const pending = useRef<Record<string, Position>>({});

  const runView = detail !== null;
  const shown = detail !== null && detail.graph.steps.length > 0 ? detail.graph : graph;
  const tasks = detail?.tasks;
  const states = useMemo(() => (tasks === undefined ? null : stepStates(tasks)), [tasks]);
  const saved = doc?.positions;
  const positions = useMemo(
    () => (shown === null ? {} : { ...mergePositions(shown, saved ?? {}), ...pending.current }),
    [shown, saved],
  );
  const findings = doc?.findings;
  const built = useMemo(
    () => (shown === null ? [] : buildNodes({ graph: shown, positions, findings: runView ? [] : (findings ?? []), states, readOnly: runView })),
    [shown, positions, findings, states, runView],
  );
  const builtEdges = useMemo(() => (shown === null ? [] : buildEdges(shown, states)), [shown, states]);
  // Edges are view state too (selection), rebuilt from the graph and keeping what was selected.
  const [edges, setEdges] = useState<Edge[]>(builtEdges);
  useEffect(() => setEdges((previous) => reconcileEdges(previous, builtEdges)), [builtEdges]);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => setEdges((es) => applyEdgeChanges(changes, es)), []);

  const [nodes, setNodes] = useState<StepFlowNode[]>(built);
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  useEffect(() => setNodes((previous) => reconcileNodes(previous, built, selectedStep)), [built, selectedStep]);

  useEffect(() => {
    if (fitRequest > 0) void rf.fitView({ ...fitOptions, duration: 200 });
  }, [fitRequest, rf]);
  const path = doc?.path;
  useEffect(() => {
    if (path === undefined) return;
    const t = setTimeout(() => void rf.fitView(fitOptions), 50);
    return () => clearTimeout(t);
  }, [path, rf]);

  const onNodesChange = useCallback((changes: NodeChange<StepFlowNode>[]) => setNodes((ns) => applyNodeChanges(changes, ns)), []);

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
    const task = run.detail?.tasks.find((t) => t.step === node.id);
    if (task !== undefined) void run.selectTask(task.pathspec);
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
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      void addStepAt(kind, { x: Math.round(p.x - NODE_WIDTH / 2), y: Math.round(p.y - NODE_HEIGHT / 2) }, currentPositions(), pending.current);
    },
    [rf],
  );

  if (shown === null) return <div className="canvas empty-canvas" data-testid="canvas">Open or create a flow to start.</div>;
  return (
    <div className="canvas" data-testid="canvas" data-run-view={runView ? 'true' : undefined}>
      <ReactFlow<StepFlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onNodeClick={onNodeClick}
        onPaneClick={() => useUiStore.getState().select(null)}
        onConnect={runView ? undefined : onConnect}
        nodesConnectable={!runView}
        onBeforeDelete={onBeforeDelete}
        deleteKeyCode={runView ? null : ['Delete', 'Backspace']}
        onDragOver={onDragOver}
        onDrop={onDrop}
        onlyRenderVisibleElements
        fitView
        fitViewOptions={fitOptions}
        minZoom={0.1}
        colorMode={dark ? 'dark' : 'light'}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} size={1} />
        <MiniMap pannable zoomable style={{ width: 150, height: 100 }} maskColor="var(--minimap-mask)" nodeClassName={(n) => `minimap-${(n.data as { kind?: string }).kind ?? 'step'}`} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

export const PALETTE_KINDS: readonly PaletteKind[] = ['step', 'branch', 'foreach', 'join', 'switch'];
const isPaletteKind = (k: string): k is PaletteKind => (PALETTE_KINDS as readonly string[]).includes(k);

/**
 * Adds a step of `kind` (from the palette) and saves its position. `pending` holds the drop
 * position until the sidecar answers, so the new node does not jump.
 */
export async function addStepAt(kind: PaletteKind, at: Position, others: Record<string, Position>, pending: Record<string, Position>): Promise<void> {
  const store = useFlowStore.getState();
  const taken = store.graph?.steps.map((s) => s.name) ?? [];
  const name = freshName(kind, taken);
  pending[name] = at;
  const ok = await store.edit({ type: 'addStep', name, kind });
  if (ok) {
    useUiStore.getState().select(name);
    await store.savePositions({ ...others, [name]: at });
  }
  delete pending[name];
}
