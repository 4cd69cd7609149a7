/**
 * CodeMirror 6 with Python highlighting, as a controlled-ish component. It lives in a shadow
 * root: CodeMirror then styles itself with constructed style sheets, which the window's strict
 * CSP (`style-src 'self'`, no inline <style>) allows.
 *
 * The editor owns the text
 * while the person types; a new `value` from outside replaces it unless the person has typed
 * something not yet handed to `onChange` (their keystrokes win until they are sent).
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { python } from '@codemirror/lang-python';
import { bracketMatching, HighlightStyle, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { memo, useEffect, useRef, type MutableRefObject } from 'react';

/** What a parent may do to the editor besides giving it a value. */
export interface CodeEditorHandle {
  /**
   * Focuses the editor and types `text` over [from, to) as if the person had (onChange fires),
   * leaving the cursor `caret` characters into it (default: after it).
   */
  typeInto(from: number, to: number, text: string, caret?: number): void;
}

interface Props {
  value: string;
  onChange?: (value: string) => void;
  onBlur?: (value: string) => void;
  readOnly?: boolean;
  /** Scrolls to and selects this 1-based line when `revealNonce` changes. */
  revealLine?: number;
  revealNonce?: number;
  testId?: string;
  ariaLabel: string;
  minimal?: boolean;
  /** One level of indentation, as the file writes it (four spaces, two, a tab). */
  indent?: string;
  handle?: MutableRefObject<CodeEditorHandle | null>;
}

function indentation(unit: string | undefined) {
  const u = unit === undefined || unit === '' ? '    ' : unit;
  return [indentUnit.of(u), EditorState.tabSize.of(u === '\t' ? 4 : u.length)];
}

/**
 * Where an editor view goes: a fresh element filling the host's shadow root, so the page's styles
 * and the editor's cannot reach each other. Both editors (code, SQL) mount this way.
 */
export function shadowMount(host: HTMLElement): { root: ShadowRoot; parent: HTMLElement } {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const parent = document.createElement('div');
  parent.style.height = '100%';
  root.replaceChildren(parent);
  return { root, parent };
}

export const baseTheme = EditorView.theme({
  '&': { height: '100%', fontSize: '12.5px', backgroundColor: 'var(--editor-bg)', color: 'var(--text)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.55' },
  '.cm-gutters': { backgroundColor: 'var(--editor-bg)', color: 'var(--text-faint)', border: 'none' },
  '.cm-activeLine': { backgroundColor: 'var(--editor-active)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--editor-active)' },
  '&.cm-focused': { outline: 'none' },
  '.cm-content': { caretColor: 'var(--accent)' },
  '.cm-cursor': { borderLeftColor: 'var(--accent)' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground': { backgroundColor: 'var(--selection) !important' },
});

/**
 * Python colours from the app's theme variables (app.css), so the code reads as well on the dark
 * theme as on the light one; custom properties reach into the editor's shadow root.
 */
const pythonHighlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.definitionKeyword, tags.moduleKeyword, tags.operatorKeyword], color: 'var(--code-keyword)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--code-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--code-number)' },
  { tag: [tags.comment, tags.lineComment, tags.docString], color: 'var(--code-comment)', fontStyle: 'italic' },
  { tag: [tags.function(tags.definition(tags.variableName)), tags.definition(tags.className)], color: 'var(--code-definition)' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: 'var(--code-call)' },
  { tag: [tags.self, tags.atom], color: 'var(--code-self)' },
  { tag: tags.meta, color: 'var(--code-decorator)' },
]);

export const CodeEditor = memo(function CodeEditor(props: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const readOnly = useRef(new Compartment());
  const indent = useRef(new Compartment());
  /** Local edits not yet passed to onChange/onBlur. */
  const unsent = useRef(false);

  useEffect(() => {
    if (host.current === null) return;
    const v = new EditorView({
      ...shadowMount(host.current),
      state: EditorState.create({
        doc: latest.current.value,
        extensions: [
          latest.current.minimal ? [] : [lineNumbers(), highlightActiveLineGutter()],
          highlightActiveLine(),
          history(),
          indentOnInput(),
          bracketMatching(),
          python(),
          syntaxHighlighting(pythonHighlight),
          // Mod-Enter is the app's (run the flow), not CodeMirror's insertBlankLine.
          keymap.of([...defaultKeymap.filter((b) => b.key !== 'Mod-Enter'), ...historyKeymap, indentWithTab]),
          readOnly.current.of(EditorState.readOnly.of(latest.current.readOnly === true)),
          indent.current.of(indentation(latest.current.indent)),
          baseTheme,
          EditorView.contentAttributes.of({ 'aria-label': latest.current.ariaLabel }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged && u.transactions.some((t) => t.isUserEvent('input') || t.isUserEvent('delete') || t.isUserEvent('undo') || t.isUserEvent('redo') || t.isUserEvent('move'))) {
              unsent.current = true;
              latest.current.onChange?.(u.state.doc.toString());
            }
          }),
          EditorView.domEventHandlers({
            blur: (_e, ed) => {
              if (!unsent.current) return;
              unsent.current = false;
              latest.current.onBlur?.(ed.state.doc.toString());
            },
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v === null) return;
    const current = v.state.doc.toString();
    if (current === props.value) {
      unsent.current = false;
      return;
    }
    if (v.hasFocus && unsent.current) return;
    const head = Math.min(v.state.selection.main.head, props.value.length);
    v.dispatch({ changes: { from: 0, to: current.length, insert: props.value }, selection: { anchor: head } });
  }, [props.value]);

  useEffect(() => {
    view.current?.dispatch({ effects: readOnly.current.reconfigure(EditorState.readOnly.of(props.readOnly === true)) });
  }, [props.readOnly]);

  useEffect(() => {
    view.current?.dispatch({ effects: indent.current.reconfigure(indentation(props.indent)) });
  }, [props.indent]);

  useEffect(() => {
    const handle = props.handle;
    if (handle === undefined) return;
    handle.current = {
      typeInto: (from, to, text, caret = text.length) => {
        const v = view.current;
        if (v === null) return;
        const length = v.state.doc.length;
        const a = Math.min(from, length);
        const b = Math.min(Math.max(to, a), length);
        v.focus();
        v.dispatch({ changes: { from: a, to: b, insert: text }, selection: { anchor: a + caret }, userEvent: 'input.type', scrollIntoView: true });
      },
    };
    return () => {
      handle.current = null;
    };
  }, [props.handle]);

  useEffect(() => {
    const v = view.current;
    if (v === null || props.revealLine === undefined || props.revealNonce === undefined) return;
    const line = v.state.doc.line(Math.max(1, Math.min(props.revealLine, v.state.doc.lines)));
    v.dispatch({ selection: { anchor: line.from, head: line.to }, effects: EditorView.scrollIntoView(line.from, { y: 'center' }) });
  }, [props.revealLine, props.revealNonce]);

  return <div className="code-editor" ref={host} data-testid={props.testId} />;
});
