/**
 * The full-size screens over the workspace (issue 7 and 8): which one is open, and the runs
 * ticked in the runs list for Compare. The screens themselves load lazily (Screens.tsx).
 */
import { create } from 'zustand';

export type Screen =
  | { readonly kind: 'artifacts'; readonly run: string; readonly task?: string; readonly artifact?: string }
  | { readonly kind: 'sql'; readonly sql?: string }
  | { readonly kind: 'compare'; readonly pathspecs: readonly string[] }
  | { readonly kind: 'metric'; readonly flow: string; readonly name: string; readonly step?: string }
  | { readonly kind: 'sync' };

interface ScreenState {
  screen: Screen | null;
  /** Runs ticked for Compare, in the order they were ticked (the first is the baseline). */
  picked: readonly string[];
  open(screen: Screen): void;
  close(): void;
  togglePick(pathspec: string): void;
  clearPicks(): void;
}

export const useScreenStore = create<ScreenState>()((set) => ({
  screen: null,
  picked: [],
  open: (screen) => set({ screen }),
  close: () => set({ screen: null }),
  togglePick: (pathspec) => set((s) => ({ picked: s.picked.includes(pathspec) ? s.picked.filter((p) => p !== pathspec) : [...s.picked, pathspec] })),
  clearPicks: () => set({ picked: [] }),
}));
