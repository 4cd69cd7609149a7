/** Lint findings and parse problems, each once; a click selects the step and reveals the line. */
import { useMemo } from 'react';
import { problemItems } from '../lib/problems.js';
import { useFlowStore } from '../stores/flow-store.js';
import { useUiStore } from '../stores/ui-store.js';

export function ProblemsList() {
  const doc = useFlowStore((s) => s.doc);
  const items = useMemo(() => problemItems(doc), [doc]);
  return (
    <ul className="problems-list" data-testid="problems-list" aria-label="Problems">
      {items.length === 0 && <li className="muted">No problems.</li>}
      {items.map((f, i) => (
        <li key={`${f.rule}:${f.line}:${i}`}>
          <button
            type="button"
            className={`problem severity-${f.severity}`}
            onClick={() => {
              const ui = useUiStore.getState();
              if (f.step !== undefined) ui.select(f.step);
              ui.revealLine(f.line);
            }}
          >
            <span className="severity">{f.severity === 'error' ? '✖' : '▲'}</span>
            <span className="message">{f.message}</span>
            <span className="where">
              {f.step !== undefined ? `${f.step} · ` : ''}line {f.line}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
