/**
 * CodeMirror 6 for SQL: DuckDB-flavoured highlighting, completion of views, columns and
 * artifacts (lib/sql-completion.ts), Mod-Enter to run. Like CodeEditor it lives in a shadow root
 * (the window's CSP allows CodeMirror's constructed style sheets there).
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { sql } from '@codemirror/lang-sql';
import { bracketMatching, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorState, Prec } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { useEffect, useRef } from 'react';
import type { QuerySchema } from '../api/inspect-types.js';
import { SQL_DIALECT, sqlCompletionSources } from '../lib/sql-completion.js';
import { baseTheme, shadowMount } from './CodeEditor.js';

interface Props {
  value: string;
  onChange: (value: string) => void;
  onRun: () => void;
  schema: QuerySchema | null;
}

const sqlHighlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.operatorKeyword], color: 'var(--code-keyword)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--code-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--code-number)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--code-comment)', fontStyle: 'italic' },
  { tag: [tags.typeName, tags.standard(tags.name)], color: 'var(--code-definition)' },
]);

const completionTheme = EditorView.theme({
  '.cm-tooltip': { backgroundColor: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: 'var(--selection)', color: 'var(--text)' },
  '.cm-completionDetail': { color: 'var(--text-muted)' },
});

export function SqlEditor({ value, onChange, onRun, schema }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ onChange, onRun, schema });
  latest.current = { onChange, onRun, schema };

  useEffect(() => {
    if (host.current === null) return;
    const v = new EditorView({
      ...shadowMount(host.current),
      state: EditorState.create({
        doc: value,
        extensions: [
          // Before the default keymap, and not bubbling to the window, where Mod-Enter means "Run the flow".
          Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (latest.current.onRun(), true), stopPropagation: true }])),
          history(),
          closeBrackets(),
          bracketMatching(),
          sql({ dialect: SQL_DIALECT, upperCaseKeywords: true }),
          // Sources read the schema when asked, so a schema that arrives later completes too.
          autocompletion({ override: sqlCompletionSources(() => latest.current.schema) }),
          syntaxHighlighting(sqlHighlight),
          keymap.of([...closeBracketsKeymap, ...completionKeymap, ...defaultKeymap, ...historyKeymap]),
          placeholder('SELECT … FROM runs / params / tasks / artifacts / metrics / artifact(\'Flow/RunId/step\', \'name\')'),
          baseTheme,
          completionTheme,
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': 'SQL query' }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) latest.current.onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is made once; later values arrive through the effect below.
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v === null || v.state.doc.toString() === value) return;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  return <div className="code-editor sql-editor" ref={host} data-testid="sql-editor" />;
}
