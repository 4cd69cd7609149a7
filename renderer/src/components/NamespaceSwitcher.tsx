/**
 * Whose runs the runs list shows (issue 8): mine, a teammate's (`user:alice`), everyone's
 * (`all`), or any tag — the choices from `namespaces.list`. The choice goes to `runs.list`.
 */
import { useEffect } from 'react';
import { useNamespaceStore } from '../stores/namespace-store.js';

const MINE = '';

export function NamespaceSwitcher() {
  const namespace = useNamespaceStore((s) => s.namespace);
  const available = useNamespaceStore((s) => s.available);
  useEffect(() => {
    void useNamespaceStore.getState().load();
  }, []);
  const me = available?.current;
  const users = (available?.users ?? []).filter((u) => `user:${u}` !== me && u !== me);
  const tags = (available?.tags ?? []).filter((t) => !t.startsWith('user:'));
  return (
    <select
      className="namespace-switcher"
      aria-label="Namespace"
      data-testid="namespace-switcher"
      value={namespace ?? MINE}
      onFocus={() => void useNamespaceStore.getState().load()}
      onChange={(e) => useNamespaceStore.getState().setNamespace(e.currentTarget.value === MINE ? null : e.currentTarget.value)}
    >
      <option value={MINE}>Mine{me !== undefined ? ` (${me})` : ''}</option>
      <option value="all">Everyone (all)</option>
      {users.length > 0 && (
        <optgroup label="A person">
          {users.map((u) => {
            const ns = u.startsWith('user:') ? u : `user:${u}`;
            return (
              <option key={ns} value={ns}>
                {ns}
              </option>
            );
          })}
        </optgroup>
      )}
      {tags.length > 0 && (
        <optgroup label="A tag">
          {tags.map((t) => (
            <option key={t} value={t}>
              tag {t}
            </option>
          ))}
        </optgroup>
      )}
      {/* A namespace chosen earlier that the engine no longer lists stays selectable. */}
      {namespace !== null && namespace !== 'all' && !users.some((u) => u === namespace || `user:${u}` === namespace) && !tags.includes(namespace) && <option value={namespace}>{namespace}</option>}
    </select>
  );
}
