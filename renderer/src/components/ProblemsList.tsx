/** Lint findings and parse problems; a click selects the step and reveals the line. */
import { useFlowStore } from '../stores/flow-store.js';
import { useUiStore } from '../stores/ui-store.js';

export function ProblemsList() {
  const findings = useFlowStore((s) => s.doc?.findings);
  const problems = useFlowStore((s) => s.doc?.graph.problems);
  const items = [
    ...(problems ?? []).map((p) => ({ severity: 'error' as const, line: p.line, message: p.message, step: undefined as string | undefined, rule: 'syntax' })),
    ...(findings ?? []),
  ];
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
