/** The selected step: name, docstring, body (CodeMirror), decorators as a form. */
import { useEffect, useRef } from 'react';
import { indentUnit } from '../../../engine/editor/indentation.js';
import type { StepSpec } from '../../../engine/graph/flow-graph.js';
import { typingIn } from '../lib/commands.js';
import { typingSpot } from '../lib/typing-spot.js';
import { stepKinds } from '../lib/flow-shape.js';
import { useFlowStore } from '../stores/flow-store.js';
import { LazyCodeEditor as CodeEditor } from './LazyParts.js';
import type { CodeEditorHandle } from './CodeEditor.js';
import { DecoratorForm } from './DecoratorForm.js';
import { SplitForm } from './SplitForm.js';
import { duplicateSelected, deleteSelected } from '../lib/commands.js';

const BODY_DEBOUNCE_MS = 700;

/**
 * `codeReadOnly` only while a run is shown: the step's code stays editable while the file does not
 * parse (the person is typing it; a half-typed `max(` must not freeze the editor under them).
 */
export function StepInspector({ step, readOnly, codeReadOnly = readOnly }: { step: StepSpec; readOnly: boolean; codeReadOnly?: boolean }) {
  const body = useFlowStore((s) => s.doc?.stepText[step.name]?.body ?? '');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const sentBody = useRef(body);
  sentBody.current = body;

  const sendBody = (text: string): void => {
    clearTimeout(timer.current);
    if (text === sentBody.current) return;
    sentBody.current = text;
    void useFlowStore.getState().edit({ type: 'setStepBody', step: step.name, body: text });
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  const editor = useRef<CodeEditorHandle | null>(null);
  const indent = useFlowStore((s) => (s.doc === null ? '    ' : indentUnit(s.doc.source, s.doc.graph)));

  // A step with no code of its own yet takes typing straight away: with its card selected, the
  // first key typed on the canvas goes into its code, over the placeholder.
  const spot = readOnly ? null : typingSpot(body);
  useEffect(() => {
    if (spot === null) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target) || editor.current === null) return;
      if (document.querySelector('[role="dialog"]') !== null) return;
      e.preventDefault();
      e.stopPropagation();
      editor.current.typeInto(spot.from, spot.to, spot.newLine ? `${e.key}\n` : e.key, e.key.length);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [spot?.from, spot?.to, spot?.newLine, spot === null]);

  const rename = (value: string): void => {
    const to = value.trim();
    if (to !== '' && to !== step.name) void useFlowStore.getState().edit({ type: 'renameStep', from: step.name, to });
  };
  const fixed = step.name === 'start' || step.name === 'end';
  const kind = useFlowStore((s) => (s.graph === null ? 'linear' : (stepKinds(s.graph).get(step.name) ?? 'linear')));
  const kindLabel = kind === 'linear' ? 'step' : kind;

  return (
    <div className="step-inspector">
      <header className="inspector-header">
        <input
          className="inspector-name"
          aria-label="Step name"
          defaultValue={step.name}
          readOnly={readOnly || fixed}
          onBlur={(e) => rename(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
        />
        <span className={`kind-badge kind-${kindLabel}`}>{kindLabel}</span>
      </header>
      <label className="field">
        <span>Docstring</span>
        <textarea
          aria-label="Docstring"
          rows={2}
          defaultValue={step.docstring ?? ''}
          readOnly={readOnly}
          placeholder="What this step does"
          onBlur={(e) => {
            const text = e.currentTarget.value.trim();
            if (text !== (step.docstring ?? '')) void useFlowStore.getState().edit({ type: 'setDocstring', step: step.name, docstring: text === '' ? null : text });
          }}
        />
      </label>
      <div className="field">
        <span>Code</span>
        <div className="step-code">
          <CodeEditor
            value={body}
            readOnly={codeReadOnly}
            ariaLabel={`Code of step ${step.name}`}
            testId="step-code"
            minimal
            indent={indent}
            handle={editor}
            onChange={(text) => {
              clearTimeout(timer.current);
              timer.current = setTimeout(() => sendBody(text), BODY_DEBOUNCE_MS);
            }}
            onBlur={sendBody}
          />
        </div>
      </div>
      <SplitForm step={step} readOnly={readOnly} />
      <DecoratorForm step={step} readOnly={readOnly} />
      {!readOnly && (
        <div className="inspector-actions">
          <button type="button" onClick={duplicateSelected}>
            Duplicate
          </button>
          {!fixed && (
            <button type="button" className="danger" onClick={deleteSelected}>
              Delete
            </button>
          )}
        </div>
      )}
    </div>
  );
}
