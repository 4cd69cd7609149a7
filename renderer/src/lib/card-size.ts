/**
 * A step card's size before React Flow has measured it (issue 11: the first screen under 1 s).
 *
 * React Flow 12 draws a node hidden until a ResizeObserver has measured it, draws an edge only
 * between measured handles, and fits the view only once every node is measured: a page load paid
 * a render of every card, a measuring pass and a second render before anything showed. A card
 * whose size follows from its data alone is declared up front instead (`initialWidth`,
 * `initialHeight` and its handles), so the first paint already draws it, its edges and the fitted
 * view. React Flow still measures every card afterwards and uses what it measured from then on.
 */
import { Position, type Viewport } from '@xyflow/react';
import type { StepFlowNode } from '../components/StepNode.js';

/** `.step-node` in app.css: 220 px wide, at least 64 px high. */
export const CARD_WIDTH = 220;
export const CARD_MIN_HEIGHT = 64;
/** `.react-flow__handle`: 6 px square, centred on the card's top and bottom edges. */
const HANDLE_SIZE = 6;
type NodeHandle = NonNullable<StepFlowNode['handles']>[number];

/** The card's content width (220 less its borders and padding), where its chips wrap. */
const BODY_WIDTH = 198;
/**
 * A chip's width per character (10.5 px monospace is ~6.3 px) and around its text (padding, the
 * gap), and the problem marker's: rounded up, so a row that might wrap counts as wrapping.
 */
const CHIP_CHAR_PX = 7;
const CHIP_EXTRA_PX = 14;
const PROBLEM_MARKER_PX = 40;

/**
 * The card's height when its data alone says it: a name and one row of chips fit the minimum
 * height. Undefined when it depends on run rows (status, progress, an error) or on chips that may
 * wrap: such a card is measured before it shows, as React Flow does by default.
 */
export function knownCardHeight(node: StepFlowNode): number | undefined {
  const d = node.data;
  if (d.status !== undefined || d.progress !== undefined || d.error !== undefined) return undefined;
  const row = d.chips.reduce((width, chip) => width + chip.length * CHIP_CHAR_PX + CHIP_EXTRA_PX, d.problems.length > 0 ? PROBLEM_MARKER_PX : 0);
  return row <= BODY_WIDTH ? CARD_MIN_HEIGHT : undefined;
}

/** Where React Flow would measure the card's handles: the target centred on top, the source at the bottom. */
function cardHandles(node: StepFlowNode, height: number): NodeHandle[] {
  const x = CARD_WIDTH / 2 - HANDLE_SIZE / 2;
  const handles: NodeHandle[] = [];
  if (node.data.kind !== 'start') handles.push({ type: 'target', position: Position.Top, x, y: -HANDLE_SIZE / 2, width: HANDLE_SIZE, height: HANDLE_SIZE });
  if (node.data.kind !== 'end') handles.push({ type: 'source', position: Position.Bottom, x, y: height - HANDLE_SIZE / 2, width: HANDLE_SIZE, height: HANDLE_SIZE });
  return handles;
}

/**
 * `node` with its size and handles declared, when it has not been measured and its size is known.
 * Only for the cards of a flow just opened, which the first view fits, so every one is in view:
 * React Flow culls a sized card outside the view (`onlyRenderVisibleElements`) and so never
 * measures it, and a pending `fitView` waits for every card to be measured. A card added later
 * (a drop may land below the fold) is measured before it shows, as React Flow does by default.
 */
export function withDeclaredSize(node: StepFlowNode): StepFlowNode {
  if (node.measured !== undefined) return node;
  const height = knownCardHeight(node);
  if (height === undefined) return node;
  return { ...node, initialWidth: CARD_WIDTH, initialHeight: height, handles: cardHandles(node, height) };
}

/** Every card of a flow just opened with its declared size (withDeclaredSize). */
export function declareSizes(nodes: StepFlowNode[]): StepFlowNode[] {
  return nodes.map(withDeclaredSize);
}

/**
 * The nodes without their declared handles once React Flow has measured them: React Flow takes a
 * node's declared handles over the measured ones each time it is handed a new object of the node
 * (a drag, a run event), which would keep an edge end where a card that grew no longer has it.
 * The same array when no node had both.
 */
export function forgetDeclaredHandles(nodes: StepFlowNode[]): StepFlowNode[] {
  if (!nodes.some((n) => n.handles !== undefined && n.measured?.height !== undefined)) return nodes;
  return nodes.map((n) => {
    if (n.handles === undefined || n.measured?.height === undefined) return n;
    const { handles: _declared, ...rest } = n;
    return rest;
  });
}

/**
 * The view `fitView(options)` will settle on once the cards are measured, computed now from their
 * declared sizes (React Flow's own fitting, `getViewportForBounds`, with the same padding and
 * zoom limits); null when a card's size is not declared or the canvas has no size yet.
 */
export function declaredFitViewport(
  nodes: readonly StepFlowNode[],
  canvas: { width: number; height: number },
  fit: (bounds: { x: number; y: number; width: number; height: number }, width: number, height: number) => Viewport,
): Viewport | null {
  if (nodes.length === 0 || canvas.width <= 0 || canvas.height <= 0) return null;
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const n of nodes) {
    const width = n.measured?.width ?? n.initialWidth;
    const height = n.measured?.height ?? n.initialHeight;
    if (width === undefined || height === undefined) return null;
    left = Math.min(left, n.position.x);
    top = Math.min(top, n.position.y);
    right = Math.max(right, n.position.x + width);
    bottom = Math.max(bottom, n.position.y + height);
  }
  return fit({ x: left, y: top, width: right - left, height: bottom - top }, canvas.width, canvas.height);
}
