/** The right-hand panel: the selected step, or the flow itself when nothing is selected. */
import { useFlowStore } from '../stores/flow-store.js';
import { useRunStore } from '../stores/run-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { FlowInspector } from './FlowInspector.js';
import { StepInspector } from './StepInspector.js';

export function Inspector() {
  const graph = useFlowStore((s) => s.graph);
  const stale = useFlowStore((s) => s.stale);
  const runView = useRunStore((s) => s.detail !== null);
  const selected = useUiStore((s) => s.selectedStep);
  const step = graph?.steps.find((s) => s.name === selected);
  if (graph === null) return <aside className="inspector" aria-label="Inspector" />;
  const readOnly = stale || runView;
  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector">
      {readOnly && (
        <p className="inspector-note">
          {runView ? 'Showing a run: close the run view (Esc) to edit.' : 'The file does not parse: fix it in the code view to edit here.'}
        </p>
      )}
      {step === undefined ? <FlowInspector graph={graph} readOnly={readOnly} /> : <StepInspector key={step.name} step={step} readOnly={readOnly} codeReadOnly={runView} />}
    </aside>
  );
}
