/**
 * Whose runs the runs list shows (issue 8): `null` is mine (the engine's default), else
 * `user:<name>`, a tag, or `all`. The choices come from `namespaces.list`.
 */
import { create } from 'zustand';
import { getClient } from '../api/client.js';
import type { Namespaces } from '../api/inspect-types.js';

interface NamespaceState {
  namespace: string | null;
  available: Namespaces | null;
  /** Why the choices could not be loaded (the switcher still offers mine and all). */
  error: string | null;
  load(): Promise<void>;
  setNamespace(namespace: string | null): void;
}

export const useNamespaceStore = create<NamespaceState>()((set) => ({
  namespace: null,
  available: null,
  error: null,
  load: async () => {
    try {
      set({ available: await getClient().request('namespaces.list', {}), error: null });
    } catch (e) {
      set({ error: e instanceof Error ? e.message : String(e) });
    }
  },
  setNamespace: (namespace) => set({ namespace }),
}));
