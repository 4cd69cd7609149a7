/**
 * A run's tags in the runs list, editable (issue 8): × removes one, + adds one, through
 * `tags.add` / `tags.remove` (the run record stays as written; tags travel with sync). The
 * `user:` tag names who made the run and is not editable.
 */
import { useRef, useState, type FormEvent } from 'react';
import { getClient } from '../api/client.js';
import { useNamespaceStore } from '../stores/namespace-store.js';
import { useUiStore } from '../stores/ui-store.js';

interface Props {
  pathspec: string;
  tags: readonly string[];
  /** Called with the run's tags after a change. */
  onChange: (tags: readonly string[]) => void;
}

export function RunTags({ pathspec, tags, onChange }: Props) {
  const [adding, setAdding] = useState(false);
  const [text, setText] = useState('');
  /** Enter submits and removes the field, whose blur must not submit the same tag again. */
  const submitted = useRef(false);
  const change = async (op: 'tags.add' | 'tags.remove', tag: string): Promise<void> => {
    try {
      const run = await getClient().request(op, { pathspec, tags: [tag] });
      onChange(run.tags);
      void useNamespaceStore.getState().load();
    } catch (e) {
      useUiStore.getState().toast(e instanceof Error ? e.message : String(e));
    }
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (submitted.current) return;
    submitted.current = true;
    const tag = text.trim();
    setAdding(false);
    setText('');
    if (tag !== '' && !tags.includes(tag)) void change('tags.add', tag);
  };
  return (
    // Clicks here edit tags; they must not also open the run.
    <span className="run-tags" data-testid="run-tags" onClick={(e) => e.stopPropagation()}>
      {tags.map((t) =>
        t.startsWith('user:') ? (
          <span key={t} className="tag-chip muted">
            {t}
          </span>
        ) : (
          <span key={t} className="tag-chip" data-tag={t}>
            {t}
            <button type="button" className="tag-remove" aria-label={`Remove tag ${t}`} onClick={() => void change('tags.remove', t)}>
              ×
            </button>
          </span>
        ),
      )}
      {adding ? (
        <form className="tag-form" onSubmit={submit}>
          <input aria-label="New tag" data-testid="tag-input" autoFocus value={text} maxLength={200} onChange={(e) => setText(e.currentTarget.value)} onBlur={submit} onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), setAdding(false))} />
        </form>
      ) : (
        <button type="button" className="tag-add" aria-label="Add a tag" data-testid="tag-add" onClick={() => ((submitted.current = false), setAdding(true))}>
          +
        </button>
      )}
    </span>
  );
}
