/** Mod+K: every action with its shortcut; type to filter, Enter runs, arrows move. */
import { useState } from 'react';
import { COMMANDS, shortcutLabel } from '../lib/commands.js';
import { useUiStore } from '../stores/ui-store.js';
import { Dialog } from './Dialog.js';

export function CommandPalette() {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const q = query.trim().toLowerCase();
  const shown = COMMANDS.filter((c) => c.id !== 'palette' && c.title.toLowerCase().includes(q));
  const run = (index: number): void => {
    const c = shown[index];
    if (c === undefined || (c.enabled !== undefined && !c.enabled())) return;
    useUiStore.getState().openDialog(null);
    c.run();
  };
  return (
    <Dialog label="Commands">
      <input
        className="command-input"
        autoFocus
        aria-label="Search commands"
        placeholder="Type a command…"
        value={query}
        onChange={(e) => {
          setQuery(e.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, shown.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter') run(active);
          else return;
          e.preventDefault();
        }}
      />
      <ul className="command-list" role="listbox" data-testid="command-list">
        {shown.map((c, i) => {
          const enabled = c.enabled === undefined || c.enabled();
          return (
            <li key={c.id} role="option" aria-selected={i === active} aria-disabled={!enabled}>
              <button type="button" disabled={!enabled} onMouseEnter={() => setActive(i)} onClick={() => run(i)}>
                <span>{c.title}</span>
                {c.shortcut !== undefined && <kbd>{shortcutLabel(c.shortcut)}</kbd>}
              </button>
            </li>
          );
        })}
      </ul>
    </Dialog>
  );
}
