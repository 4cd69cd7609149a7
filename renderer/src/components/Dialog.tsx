/** A modal: backdrop click and Escape close it; focus starts inside. */
import type { ReactNode } from 'react';
import { useUiStore } from '../stores/ui-store.js';

export function Dialog({ children, label, wide }: { children: ReactNode; label: string; wide?: boolean }) {
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && useUiStore.getState().openDialog(null)}>
      <div className={`dialog${wide ? ' wide' : ''}`} role="dialog" aria-modal="true" aria-label={label}>
        {children}
      </div>
    </div>
  );
}
