/**
 * The whole flow file beside the canvas. Typing sends the text (debounced) with
 * `flows.setSource`; a file that does not parse keeps the last good graph on the canvas and
 * shows why, with the line.
 */
import { useEffect, useRef, useState } from 'react';
import { whenIdle } from '../lib/when-idle.js';
import { useFlowStore } from '../stores/flow-store.js';
import { useRunStore } from '../stores/run-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { LazyCodeEditor as CodeEditor } from './LazyParts.js';

const SOURCE_DEBOUNCE_MS = 600;

let editorShown = false;
/**
 * False until the page is first idle after the code view appears (then true for good): on a
 * start, the canvas is drawn and measured first and the editor (CodeMirror's chunk, and laying
 * out the whole source) comes after it, instead of both in one long frame (issue 11).
 */
function useEditorTurn(waiting: boolean): boolean {
  const [turn, setTurn] = useState(editorShown);
  useEffect(() => {
    if (turn || waiting) return;
    return whenIdle(() => {
      editorShown = true;
      setTurn(true);
    }, 500);
  }, [turn, waiting]);
  return turn;
}

export function CodeView() {
  const source = useFlowStore((s) => s.doc?.source);
  const problems = useFlowStore((s) => s.doc?.graph.problems);
  const runCode = useRunStore((s) => (s.detail !== null && s.detail.code !== '' ? s.detail.code : null));
  const reveal = useUiStore((s) => s.reveal);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const editorTurn = useEditorTurn(source === undefined);
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
        {editorTurn && (
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
        )}
      </div>
    </section>
  );
}
