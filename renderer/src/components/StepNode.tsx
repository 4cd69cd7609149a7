/**
 * One step on the canvas: a card with the name, a kind badge, decorator chips, lint markers and,
 * while a run is shown, a status dot with foreach progress and duration. Memoized on what it
 * draws (its data object and selection): React Flow also passes the node's measured size and
 * position, and a card must not be drawn again when it is measured or dragged (issue 11).
 */
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo, useState, type KeyboardEvent } from 'react';
import type { NodeKind } from '../lib/flow-shape.js';
import type { StepStatus } from '../lib/statuses.js';
import { useFlowStore } from '../stores/flow-store.js';

export interface StepNodeData extends Record<string, unknown> {
  name: string;
  kind: NodeKind;
  chips: string[];
  problems: string[];
  status?: StepStatus;
  /** `1 failed · 1 succeeded · 1 not run of 3` for a step with several tasks. */
  progress?: string;
  /** The failure's last line, on the card of a failed step. */
  error?: string;
  /** Resume reused this step's results from the run it resumed. */
  reused?: boolean;
  duration?: string;
  readOnly: boolean;
}
export type StepFlowNode = Node<StepNodeData, 'step'>;

const kindLabel: Record<NodeKind, string> = {
  start: 'start',
  end: 'end',
  linear: 'step',
  branch: 'branch',
  foreach: 'foreach',
  switch: 'switch',
  join: 'join',
};
const kindIcon: Record<NodeKind, string> = {
  start: '▶',
  end: '■',
  linear: '●',
  branch: '⋔',
  foreach: '⟳',
  switch: '◇',
  join: '⋈',
};

const sameCard = (a: NodeProps<StepFlowNode>, b: NodeProps<StepFlowNode>): boolean => a.data === b.data && a.selected === b.selected;

export const StepNode = memo(function StepNode({ data, selected }: NodeProps<StepFlowNode>) {
  const [renaming, setRenaming] = useState(false);
  const finishRename = (value: string): void => {
    setRenaming(false);
    const to = value.trim();
    if (to !== '' && to !== data.name) void useFlowStore.getState().edit({ type: 'renameStep', from: data.name, to });
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    e.stopPropagation();
    if (e.key === 'Enter') finishRename(e.currentTarget.value);
    if (e.key === 'Escape') setRenaming(false);
  };
  return (
    <div
      className={`step-node kind-${data.kind}${selected ? ' selected' : ''}${data.problems.length > 0 ? ' has-problems' : ''}`}
      data-testid={`step-node-${data.name}`}
      data-kind={data.kind}
      data-status={data.status}
    >
      {data.kind !== 'start' && <Handle type="target" position={Position.Top} />}
      <div className="step-node-head">
        <span className="kind-icon" aria-hidden>
          {kindIcon[data.kind]}
        </span>
        {renaming ? (
          <input
            className="rename-input nodrag"
            autoFocus
            defaultValue={data.name}
            aria-label="New step name"
            onKeyDown={onKey}
            onBlur={(e) => finishRename(e.currentTarget.value)}
          />
        ) : (
          <span
            className="step-name"
            title={data.readOnly ? data.name : 'Double-click to rename'}
            onDoubleClick={(e) => {
              if (data.readOnly || data.name === 'start' || data.name === 'end') return;
              e.stopPropagation();
              setRenaming(true);
            }}
          >
            {data.name}
          </span>
        )}
        <span className="kind-badge">{kindLabel[data.kind]}</span>
      </div>
      <div className="step-node-body">
        {data.chips.map((c) => (
          <span key={c} className="chip">
            {c}
          </span>
        ))}
        {data.problems.length > 0 && (
          <span className="problem-marker" title={data.problems.join('\n')}>
            ⚠ {data.problems.length}
          </span>
        )}
      </div>
      {data.status !== undefined && (
        <div className="step-node-run">
          <span className={`status-dot status-${data.status}`} />
          <span className="status-text">{data.status === 'not-run' ? 'not run' : data.status}</span>
          {data.reused === true && (
            <span className="reused-badge" title="Reused from the run this one resumed">
              reused
            </span>
          )}
          {data.duration !== undefined && data.duration !== '' && <span className="duration">{data.duration}</span>}
        </div>
      )}
      {data.progress !== undefined && (
        <div className="step-node-progress mono" data-testid={`step-progress-${data.name}`}>
          {data.progress}
        </div>
      )}
      {data.error !== undefined && (
        <div className="step-node-error mono" data-testid={`step-error-${data.name}`} title={`${data.error}\nClick to read the traceback.`}>
          {data.error}
        </div>
      )}
      {data.kind !== 'end' && <Handle type="source" position={Position.Bottom} />}
    </div>
  );
}, sameCard);
