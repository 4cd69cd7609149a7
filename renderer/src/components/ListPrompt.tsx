/**
 * The inline question a dropped foreach asks: the name of the list it fans out over. Enter
 * accepts (the suggested `items` as it stands, or what was typed), Escape drops nothing.
 */
import { useState } from 'react';
import { useUiStore } from '../stores/ui-store.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function ListPrompt() {
  const prompt = useUiStore((s) => s.listPrompt);
  return prompt === null ? null : <ListForm key={prompt.id} prompt={prompt} />;
}

function ListForm({ prompt }: { prompt: NonNullable<ReturnType<typeof useUiStore.getState>['listPrompt']> }) {
  const [value, setValue] = useState('items');
  const valid = IDENTIFIER.test(value.trim());
  return (
    <form
      className="list-prompt"
      data-testid="foreach-list-prompt"
      style={{ left: prompt.x, top: prompt.y }}
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) prompt.resolve(value.trim());
      }}
    >
      <label>
        <span>Fan out over the list</span>
        <span className="mono">self.</span>
        <input
          aria-label="Foreach list name"
          autoFocus
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          onChange={(e) => setValue(e.currentTarget.value)}
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.key === 'Escape') prompt.resolve(null);
          }}
          onBlur={() => prompt.resolve(null)}
        />
      </label>
      {!valid && <small className="error">A list name is a Python identifier, like grid.</small>}
    </form>
  );
}
