/** What the person is looking at: selection, theme, open panels and dialogs, toasts. */
import { create } from 'zustand';

export type Theme = 'system' | 'dark' | 'light';
export type BottomPanel = 'problems' | 'logs' | 'artifacts' | 'timeline' | 'runs';
export type Dialog = 'commandPalette' | 'runForm' | 'fileBrowser' | 'newFlow' | null;

export interface Toast {
  id: number;
  message: string;
  kind: 'error' | 'info';
}

interface UiState {
  selectedStep: string | null;
  /** A line to reveal in the code view; `nonce` makes the same line revealable twice. */
  reveal: { line: number; nonce: number } | null;
  theme: Theme;
  showCode: boolean;
  bottom: BottomPanel;
  dialog: Dialog;
  toasts: Toast[];
  /** Bumped to ask the canvas to fit the view / lay out (the canvas owns the viewport). */
  fitRequest: number;
  /** A foreach dropped on the canvas waits for the name of its list, asked inline at `x, y` (canvas pixels). */
  listPrompt: { id: number; x: number; y: number; resolve: (list: string | null) => void } | null;
  askList(x: number, y: number): Promise<string | null>;
  select(step: string | null): void;
  revealLine(line: number): void;
  setTheme(theme: Theme): void;
  cycleTheme(): void;
  toggleCode(): void;
  setBottom(panel: BottomPanel): void;
  openDialog(dialog: Dialog): void;
  toast(message: string, kind?: Toast['kind']): void;
  dismiss(id: number): void;
  requestFit(): void;
}

let toastId = 0;
let promptId = 0;
const storedTheme = (): Theme => {
  try {
    const t = globalThis.localStorage?.getItem('flowbench.theme');
    return t === 'dark' || t === 'light' ? t : 'system';
  } catch {
    return 'system';
  }
};

export const useUiStore = create<UiState>()((set, get) => ({
  selectedStep: null,
  reveal: null,
  theme: storedTheme(),
  showCode: true,
  bottom: 'problems',
  dialog: null,
  toasts: [],
  fitRequest: 0,
  listPrompt: null,
  askList: (x, y) =>
    new Promise((resolve) => {
      get().listPrompt?.resolve(null);
      set({
        listPrompt: {
          id: ++promptId,
          x,
          y,
          resolve: (list) => {
            set({ listPrompt: null });
            resolve(list);
          },
        },
      });
    }),
  select: (step) => set({ selectedStep: step }),
  revealLine: (line) => set({ reveal: { line, nonce: Date.now() } }),
  setTheme: (theme) => {
    try {
      globalThis.localStorage?.setItem('flowbench.theme', theme);
    } catch {
      // storage may be unavailable (private mode); the choice then lasts the session
    }
    set({ theme });
  },
  cycleTheme: () => {
    const order: Theme[] = ['system', 'dark', 'light'];
    get().setTheme(order[(order.indexOf(get().theme) + 1) % order.length] ?? 'system');
  },
  // The canvas changes size with the code view: fit again so no card hides under it or the minimap.
  toggleCode: () => set((s) => ({ showCode: !s.showCode, fitRequest: s.fitRequest + 1 })),
  setBottom: (bottom) => set({ bottom }),
  openDialog: (dialog) => set({ dialog }),
  toast: (message, kind = 'error') => {
    const id = ++toastId;
    set((s) => ({ toasts: [...s.toasts.slice(-3), { id, message, kind }] }));
    setTimeout(() => get().dismiss(id), kind === 'error' ? 7000 : 3500);
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  requestFit: () => set((s) => ({ fitRequest: s.fitRequest + 1 })),
}));
