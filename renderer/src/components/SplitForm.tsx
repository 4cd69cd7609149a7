/**
 * Where a step goes, set without code: the list a foreach fans out over (scaffolded when the
 * step does not set it yet), the targets of a branch, the condition and cases of a switch; a
 * plain step can be made into any of them. Every change is one `flows.edit`.
 */
import { useState } from 'react';
import type { StepSpec } from '../../../engine/graph/flow-graph.js';
import type { FlowEdit } from '../api/contract-types.js';
import { useFlowStore } from '../stores/flow-store.js';

const edit = (e: FlowEdit): void => void useFlowStore.getState().edit(e);

function StepChoice({ label, others, onPick }: { label: string; others: readonly string[]; onPick: (step: string) => void }) {
  return (
    <select aria-label={label} value="" onChange={(e) => e.currentTarget.value !== '' && onPick(e.currentTarget.value)}>
      <option value="">{label}…</option>
      {others.map((n) => (
        <option key={n} value={n}>
          {n}
        </option>
      ))}
    </select>
  );
}

/** A text field that sends on blur or Enter when its value changed. */
function NameField({ label, value, onSet, readOnly }: { label: string; value: string; onSet: (v: string) => void; readOnly: boolean }) {
  return (
    <input
      key={value}
      aria-label={label}
      className="mono"
      defaultValue={value}
      readOnly={readOnly}
      onBlur={(e) => {
        const v = e.currentTarget.value.trim();
        if (v !== '' && v !== value) onSet(v);
      }}
      onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
    />
  );
}

export function SplitForm({ step, readOnly }: { step: StepSpec; readOnly: boolean }) {
  const graph = useFlowStore((s) => s.graph);
  const names = graph?.steps.map((x) => x.name) ?? [];
  const [list, setList] = useState('items');
  const t = step.transition;
  const others = names.filter((n) => n !== 'start' && n !== step.name);
  if (step.name === 'end') return null;
  return (
    <fieldset className="split-form" disabled={readOnly} data-testid="split-form">
      <legend>Next</legend>
      {t.kind === 'foreach' && (
        <div className="split-row">
          <span>One</span>
          <span className="mono">{t.targets[0]}</span>
          <span>task per item of self.</span>
          <NameField label="Foreach list" value={t.foreach ?? ''} readOnly={readOnly} onSet={(v) => edit({ type: 'setForeach', step: step.name, foreach: v })} />
        </div>
      )}
      {t.kind === 'branch' && (
        <>
          <ul className="split-targets">
            {t.targets.map((target) => (
              <li key={target}>
                <span className="mono">{target}</span>
                <button type="button" className="icon danger" aria-label={`Remove target ${target}`} onClick={() => edit({ type: 'disconnect', from: step.name, to: target })}>
                  ✕
                </button>
              </li>
            ))}
          </ul>
          <StepChoice label="Add a target" others={others.filter((n) => !t.targets.includes(n))} onPick={(to) => edit({ type: 'connect', from: step.name, to })} />
        </>
      )}
      {t.kind === 'switch' && (
        <>
          <div className="split-row">
            <span>Follow the case named by self.</span>
            <NameField label="Switch condition" value={t.condition ?? ''} readOnly={readOnly} onSet={(v) => edit({ type: 'setSwitchCondition', step: step.name, condition: v })} />
          </div>
          <ul className="split-targets">
            {Object.entries(t.cases).map(([value, target]) => (
              <li key={value}>
                <NameField label={`Case ${value}`} value={value} readOnly={readOnly} onSet={(v) => edit({ type: 'renameCase', step: step.name, from: value, to: v })} />
                <span>→</span>
                <select aria-label={`Target of case ${value}`} value={target} onChange={(e) => edit({ type: 'connect', from: step.name, to: e.currentTarget.value, caseValue: value })}>
                  {[...new Set([target, ...others, step.name])].map((n) => (
                    <option key={n}>{n}</option>
                  ))}
                </select>
                <button type="button" className="icon danger" aria-label={`Remove case ${value}`} onClick={() => edit({ type: 'disconnect', from: step.name, to: target })}>
                  ✕
                </button>
              </li>
            ))}
          </ul>
          <StepChoice label="Add a case" others={others} onPick={(to) => edit({ type: 'connect', from: step.name, to, caseValue: freeCase(Object.keys(t.cases)) })} />
        </>
      )}
      {(t.kind === 'linear' || t.kind === 'end') && (
        <div className="split-make">
          <span className="muted">{t.kind === 'linear' ? `Goes to ${t.targets[0]}.` : 'Goes nowhere yet.'} Make it split:</span>
          <div className="split-buttons">
            <button type="button" onClick={() => edit({ type: 'makeSplit', step: step.name, kind: 'branch' })}>
              ⋔ branch
            </button>
            <button type="button" onClick={() => edit({ type: 'makeSplit', step: step.name, kind: 'switch' })}>
              ◇ switch
            </button>
            <span className="split-foreach">
              <button type="button" onClick={() => edit({ type: 'makeSplit', step: step.name, kind: 'foreach', foreach: list.trim() || 'items' })}>
                ⟳ foreach over
              </button>
              <span className="mono">self.</span>
              <input aria-label="New foreach list" className="mono" value={list} onChange={(e) => setList(e.currentTarget.value)} />
            </span>
          </div>
        </div>
      )}
    </fieldset>
  );
}

function freeCase(taken: readonly string[]): string {
  for (let n = taken.length + 1; ; n++) if (!taken.includes(`case${n}`)) return `case${n}`;
}
