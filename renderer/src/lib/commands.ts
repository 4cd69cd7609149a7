/**
 * Every action the app offers, with its shortcut: the command palette lists them, the keyboard
 * handler runs them. Actions read the stores at call time (no React needed).
 */
import type { RunSummary } from '../api/contract-types.js';
import { useFlowStore } from '../stores/flow-store.js';
import { useRunStore } from '../stores/run-store.js';
import { useScreenStore } from '../stores/screen-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { freshName } from './canvas-model.js';
import { layoutGraph } from './layout.js';

export interface Command {
  id: string;
  title: string;
  /** As shown, e.g. `Mod+Shift+Z`; `Mod` is Cmd on macOS, Ctrl elsewhere. */
  shortcut?: string;
  /** Runs even while typing in a text field (e.g. the command palette itself). */
  global?: boolean;
  enabled?: () => boolean;
  run: () => void;
}

const flow = () => useFlowStore.getState();
const ui = () => useUiStore.getState();
const runs = () => useRunStore.getState();
const hasFlow = () => flow().doc !== null;
const editable = () => hasFlow() && !flow().stale && runs().detail === null;
const selectedEditable = () => editable() && ui().selectedStep !== null;
const historyOpen = () => hasFlow() && runs().detail === null;

/** The steps' source text copied with Mod+C, pasted with Mod+V (also into another flow). */
let clipboard: string | null = null;

export function duplicateSelected(): void {
  const name = ui().selectedStep;
  const graph = flow().graph;
  if (name === null || graph === null) return;
  void flow().edit({ type: 'duplicateStep', name, newName: freshName(`${name}_copy`, graph.steps.map((s) => s.name)) });
}

export function deleteSelected(): void {
  const name = ui().selectedStep;
  if (name === null || name === 'start' || name === 'end') return;
  void flow().edit({ type: 'deleteStep', name }).then((ok) => ok && ui().select(null));
}

export function copySelected(): void {
  const { doc, graph } = flow();
  const step = graph?.steps.find((s) => s.name === ui().selectedStep);
  if (doc === null || step === undefined) return;
  const method = doc.stepText[step.name]?.method;
  if (method === undefined) return;
  clipboard = method;
  void navigator.clipboard?.writeText(clipboard).catch(() => undefined);
  ui().toast(`Copied step ${step.name}`, 'info');
}

export async function paste(): Promise<void> {
  let text = clipboard;
  try {
    const system = await navigator.clipboard?.readText();
    if (system !== undefined && /@step|def \w+\(self/.test(system)) text = system;
  } catch {
    // clipboard read needs permission; the in-app copy is enough
  }
  if (text === null) return;
  void flow().edit({ type: 'pasteSteps', source: text });
}

export function autoLayout(): void {
  const graph = flow().graph;
  if (graph === null) return;
  void flow().savePositions(layoutGraph(graph)).then(() => ui().requestFit());
}

/**
 * The failed run Resume would resume: the run on screen when it failed, else (back in edit mode)
 * the newest run of the open flow file when that one failed.
 */
export function resumableRun(): RunSummary | null {
  const { detail, runs: list } = runs();
  if (detail !== null) return detail.run.status === 'failed' ? detail.run : null;
  const path = flow().doc?.path;
  const newest = list.filter((r) => r.flowFile === path).sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
  return newest?.status === 'failed' ? newest : null;
}

export function resumeLatest(): void {
  const run = resumableRun();
  const path = flow().doc?.path;
  if (run !== null && path !== undefined) void runs().resume(path, run.runId);
}

function dismissOrCloseRun(): void {
  if (ui().dialog !== null) return ui().openDialog(null);
  if (runs().detail !== null) void runs().select(null);
  else ui().select(null);
}

export const COMMANDS: readonly Command[] = [
  { id: 'palette', title: 'Show all commands', shortcut: 'Mod+K', global: true, run: () => ui().openDialog(ui().dialog === 'commandPalette' ? null : 'commandPalette') },
  { id: 'open', title: 'Open a flow…', shortcut: 'Mod+O', global: true, run: () => ui().openDialog('fileBrowser') },
  { id: 'new', title: 'New flow from a template…', shortcut: 'Mod+Alt+N', global: true, run: () => ui().openDialog('newFlow') },
  // Undo and redo work whatever the file's state: a version that does not parse is one more step
  // in the history, never a dead end.
  { id: 'undo', title: 'Undo', shortcut: 'Mod+Z', enabled: () => historyOpen() && flow().doc?.canUndo === true, run: () => void flow().undo() },
  { id: 'redo', title: 'Redo', shortcut: 'Mod+Shift+Z', enabled: () => historyOpen() && flow().doc?.canRedo === true, run: () => void flow().redo() },
  { id: 'copy', title: 'Copy step', shortcut: 'Mod+C', enabled: () => ui().selectedStep !== null, run: copySelected },
  { id: 'paste', title: 'Paste steps', shortcut: 'Mod+V', enabled: editable, run: () => void paste() },
  { id: 'duplicate', title: 'Duplicate step', shortcut: 'Mod+D', enabled: selectedEditable, run: duplicateSelected },
  { id: 'delete', title: 'Delete step', shortcut: 'Delete', enabled: selectedEditable, run: deleteSelected },
  { id: 'layout', title: 'Lay out the flow automatically', shortcut: 'Mod+Shift+L', enabled: hasFlow, run: autoLayout },
  { id: 'fit', title: 'Fit the flow in view', shortcut: 'Mod+Shift+F', enabled: hasFlow, run: () => ui().requestFit() },
  { id: 'code', title: 'Show or hide the code view', shortcut: 'Mod+E', run: () => ui().toggleCode() },
  { id: 'run', title: 'Run the flow…', shortcut: 'Mod+Enter', global: true, enabled: hasFlow, run: () => ui().openDialog('runForm') },
  { id: 'cancel', title: 'Cancel the run', enabled: () => runs().detail?.run.status === 'running', run: () => void runs().cancel() },
  { id: 'resume', title: 'Resume the failed run (with the code as it is now)', enabled: () => hasFlow() && resumableRun() !== null, run: resumeLatest },
  { id: 'close', title: 'Close the run view / dialog', shortcut: 'Escape', global: true, run: dismissOrCloseRun },
  { id: 'problems', title: 'Show problems', shortcut: 'Mod+Shift+M', run: () => ui().setBottom('problems') },
  { id: 'logs', title: 'Show logs', run: () => ui().setBottom('logs') },
  { id: 'artifacts', title: 'Show artifacts', run: () => ui().setBottom('artifacts') },
  { id: 'timeline', title: 'Show the timeline', run: () => ui().setBottom('timeline') },
  { id: 'runs', title: 'Show runs of this flow', shortcut: 'Mod+Shift+R', run: () => ui().setBottom('runs') },
  { id: 'theme', title: 'Switch theme (system / dark / light)', shortcut: 'Mod+Shift+Y', run: () => ui().cycleTheme() },
  { id: 'sql', title: 'Open the SQL console', run: () => useScreenStore.getState().open({ kind: 'sql' }) },
  {
    id: 'inspect',
    title: "Browse the run's artifacts",
    enabled: () => runs().detail !== null,
    run: () => useScreenStore.getState().open({ kind: 'artifacts', run: runs().detail?.run.pathspec ?? '' }),
  },
  {
    id: 'compare',
    title: 'Compare the ticked runs',
    enabled: () => useScreenStore.getState().picked.length >= 2,
    run: () => useScreenStore.getState().open({ kind: 'compare', pathspecs: useScreenStore.getState().picked }),
  },
  { id: 'sync', title: 'Sync with teammates (pull, push)', run: () => useScreenStore.getState().open({ kind: 'sync' }) },
];

export const isMac = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform);

export function shortcutLabel(shortcut: string): string {
  return isMac() ? shortcut.replace('Mod+', '⌘').replace('Alt+', '⌥').replace('Shift+', '⇧') : shortcut.replace('Mod+', 'Ctrl+');
}

/** Whether a key event matches `Mod+Shift+Z`-style text. */
export function matches(shortcut: string, e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): boolean {
  const parts = shortcut.split('+');
  const key = parts.pop() ?? '';
  const mod = parts.includes('Mod');
  const modPressed = isMac() ? e.metaKey : e.ctrlKey;
  if (mod !== modPressed || parts.includes('Shift') !== e.shiftKey || parts.includes('Alt') !== e.altKey) return false;
  return e.key.toLowerCase() === key.toLowerCase();
}

/** True when the key went to a text field: only `global` commands run then. */
export function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (el === null || typeof el.closest !== 'function') return false;
  return el.closest('input, textarea, select, [contenteditable="true"], .code-editor') !== null;
}

export function handleKey(e: KeyboardEvent): void {
  const typing = typingIn(e.target);
  for (const c of COMMANDS) {
    if (c.shortcut === undefined || !matches(c.shortcut, e)) continue;
    if (typing && c.global !== true) return;
    // Delete is React Flow's on the canvas (it asks before deleting); elsewhere it is ours.
    if (c.id === 'delete' && (e.target as HTMLElement | null)?.closest?.('.react-flow') != null) return;
    if (c.enabled !== undefined && !c.enabled()) return;
    e.preventDefault();
    c.run();
    return;
  }
}
