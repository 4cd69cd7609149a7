/** Messages that come and go: refused edits, failed requests, copies. */
import { useUiStore } from '../stores/ui-store.js';

export function Toasts() {
  const toasts = useUiStore((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'} onClick={() => useUiStore.getState().dismiss(t.id)}>
          {t.message}
        </div>
      ))}
    </div>
  );
}
