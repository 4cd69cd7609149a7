/** Step kinds to drag onto the canvas (or click to add in the middle of the view). */
import { useReactFlow } from '@xyflow/react';
import type { PaletteKind } from '../api/contract-types.js';
import { NODE_HEIGHT, NODE_WIDTH } from '../lib/layout.js';
import { useFlowStore } from '../stores/flow-store.js';
import { addStepAt, PALETTE_KINDS, STEP_KIND_MIME } from './Canvas.js';

const about: Record<PaletteKind, { icon: string; hint: string }> = {
  step: { icon: '●', hint: 'A plain step: runs once per input.' },
  branch: { icon: '⋔', hint: 'Runs several steps in parallel; a join brings them back.' },
  foreach: { icon: '⟳', hint: 'Runs the next step once per item of a list.' },
  join: { icon: '⋈', hint: 'Takes `inputs`: where branches or foreach tasks meet.' },
  switch: { icon: '◇', hint: 'Chooses one next step from a value.' },
};

export function Palette({ disabled }: { disabled: boolean }) {
  const rf = useReactFlow();
  const hasFlow = useFlowStore((s) => s.doc !== null);
  const addInView = (kind: PaletteKind): void => {
    const box = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
    const centre = rf.screenToFlowPosition({ x: (box?.left ?? 0) + (box?.width ?? 0) / 2, y: (box?.top ?? 0) + (box?.height ?? 0) / 2 });
    const positions = Object.fromEntries(rf.getNodes().map((n) => [n.id, n.position]));
    const promptAt = { x: (box?.width ?? 0) / 2, y: (box?.height ?? 0) / 2 };
    void addStepAt(kind, { x: Math.round(centre.x - NODE_WIDTH / 2), y: Math.round(centre.y - NODE_HEIGHT / 2) }, positions, promptAt);
  };
  return (
    <aside className="palette" aria-label="Step palette">
      <h2>Steps</h2>
      {PALETTE_KINDS.map((kind) => (
        <button
          key={kind}
          type="button"
          className={`palette-item kind-${kind}`}
          data-testid={`palette-item-${kind}`}
          draggable={!disabled && hasFlow}
          disabled={disabled || !hasFlow}
          title={`${about[kind].hint} Drag onto the canvas, or click to add.`}
          onDragStart={(e) => {
            e.dataTransfer.setData(STEP_KIND_MIME, kind);
            e.dataTransfer.effectAllowed = 'copy';
          }}
          onClick={() => addInView(kind)}
        >
          <span className="kind-icon" aria-hidden>
            {about[kind].icon}
          </span>
          {kind}
        </button>
      ))}
    </aside>
  );
}
