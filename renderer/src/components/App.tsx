/** The shell: toolbar, palette, canvas + code view, bottom panel, inspector, dialogs. */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { getClient } from '../api/client.js';
import { handleKey } from '../lib/commands.js';
import { rememberFlow } from '../lib/first-flow.js';
import { whenIdle } from '../lib/when-idle.js';
import { listenToNativeMenu } from '../lib/menu-commands.js';
import { useFlowStore } from '../stores/flow-store.js';
import { useRunStore, type RunEventOf } from '../stores/run-store.js';
import { useScreenStore } from '../stores/screen-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { BottomPanel } from './BottomPanel.js';
import { Canvas } from './Canvas.js';
import { CodeView } from './CodeView.js';
import { Inspector } from './Inspector.js';
import { LazyScreens, prefetchLazyParts } from './LazyParts.js';
import { CommandPalette } from './CommandPalette.js';
import { NewFlowDialog, OpenFlowDialog } from './FileBrowser.js';
import { Palette } from './Palette.js';
import { RunFormDialog } from './RunFormDialog.js';
import { Toasts } from './Toasts.js';
import { Toolbar } from './Toolbar.js';

/** How long after the start the lazy parts' code is fetched (when idle): the first screen is drawn by then. */
const PREFETCH_AFTER_MS = 1500;

function useSystemDark(): boolean {
  // One query for the component's life: a new one per render would re-subscribe on every render.
  const [query] = useState(() => (typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null));
  const [dark, setDark] = useState(query?.matches ?? false);
  useEffect(() => {
    if (query === null) return;
    const on = (e: MediaQueryListEvent): void => setDark(e.matches);
    query.addEventListener('change', on);
    return () => query.removeEventListener('change', on);
  }, [query]);
  return dark;
}

export function App() {
  const theme = useUiStore((s) => s.theme);
  const dialog = useUiStore((s) => s.dialog);
  const showCode = useUiStore((s) => s.showCode);
  const runView = useRunStore((s) => s.detail !== null);
  const stale = useFlowStore((s) => s.stale);
  const screenOpen = useScreenStore((s) => s.screen !== null);
  const systemDark = useSystemDark();
  const dark = theme === 'dark' || (theme === 'system' && systemDark);

  useEffect(() => {
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }, [dark]);

  useEffect(
    () =>
      getClient().onEvents((events) => {
        // A batch's run events go to the run store together: one update, one render.
        const runEvents: RunEventOf[] = [];
        for (const e of events) {
          if (e.event === 'run.event') runEvents.push(e.payload);
          else if (e.event === 'flow.changed') useFlowStore.getState().external(e.payload.document);
        }
        if (runEvents.length > 0) useRunStore.getState().applyEvents(runEvents);
      }),
    [],
  );

  useEffect(() => {
    // The first flow is opened by mount.tsx, before the first render: it may be here already.
    const doc = useFlowStore.getState().doc;
    if (doc !== null) rememberFlow(doc.path);
    return useFlowStore.subscribe((s, before) => {
      if (s.doc !== null && s.doc.path !== before.doc?.path) rememberFlow(s.doc.path);
    });
  }, []);

  useEffect(() => listenToNativeMenu(window.flowbench), []);

  useEffect(() => {
    // The lazy parts' code, once the first screen is up (and never in its way).
    const t = setTimeout(() => prefetchLazyParts((work) => whenIdle(work, 5000)), PREFETCH_AFTER_MS);
    return () => clearTimeout(t);
  }, []);

  useEffect(() => {
    window.addEventListener('keydown', handleKey);
    return () => window.removeEventListener('keydown', handleKey);
  }, []);

  return (
    <ReactFlowProvider>
      <div className="app">
        <Toolbar />
        <div className="workspace">
          <Palette disabled={runView || stale} />
          <div className="center">
            <div className={`main-split${showCode ? ' with-code' : ''}`}>
              <Canvas dark={dark} />
              {showCode && <CodeView />}
            </div>
            <BottomPanel />
          </div>
          <Inspector />
        </div>
        {screenOpen && <LazyScreens />}
        {/* Dialogs are small and in the first chunk: a key typed right after opening one must reach it. */}
        {dialog === 'commandPalette' && <CommandPalette />}
        {dialog === 'fileBrowser' && <OpenFlowDialog />}
        {dialog === 'newFlow' && <NewFlowDialog />}
        {dialog === 'runForm' && <RunFormDialog />}
        <Toasts />
      </div>
    </ReactFlowProvider>
  );
}
