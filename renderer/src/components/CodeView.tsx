/**
 * The whole flow file beside the canvas. Typing sends the text (debounced) with
 * `flows.setSource`; a file that does not parse keeps the last good graph on the canvas and
 * shows why, with the line.
 */
import { useEffect, useRef } from 'react';
import { useFlowStore } from '../stores/flow-store.js';
import { useRunStore } from '../stores/run-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { LazyCodeEditor as CodeEditor } from './LazyParts.js';

const SOURCE_DEBOUNCE_MS = 600;

export function CodeView() {
  const source = useFlowStore((s) => s.doc?.source);
  const problems = useFlowStore((s) => s.doc?.graph.problems);
  const runCode = useRunStore((s) => (s.detail !== null && s.detail.code !== '' ? s.detail.code : null));
  const reveal = useUiStore((s) => s.reveal);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  if (source === undefined) return null;
  const send = (text: string): void => {
    clearTimeout(timer.current);
    if (text !== useFlowStore.getState().doc?.source) void useFlowStore.getState().setSource(text);
  };
  return (
    <section className="code-view" aria-label="Flow source">
      <header className="panel-header">
        <span>{runCode !== null ? 'Code of the selected run (read-only)' : 'Source'}</span>
      </header>
      {problems !== undefined && problems.length > 0 && runCode === null && (
        <div className="parse-problem" role="alert">
          {problems.map((p) => (
            <button key={`${p.line}:${p.message}`} type="button" className="link" onClick={() => useUiStore.getState().revealLine(p.line)}>
              Line {p.line}: {p.message} — the canvas shows the last version that parsed.
            </button>
          ))}
        </div>
      )}
      <div className="code-view-editor">
        <CodeEditor
          value={runCode ?? source}
          readOnly={runCode !== null}
          ariaLabel="Flow source"
          testId="code-view"
          revealLine={reveal?.line}
          revealNonce={reveal?.nonce}
          onChange={(text) => {
            clearTimeout(timer.current);
            timer.current = setTimeout(() => send(text), SOURCE_DEBOUNCE_MS);
          }}
          onBlur={send}
        />
      </div>
    </section>
  );
}
