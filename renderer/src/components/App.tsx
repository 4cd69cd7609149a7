/** The shell: toolbar, palette, canvas + code view, bottom panel, inspector, dialogs. */
import { ReactFlowProvider } from '@xyflow/react';
import { lazy, Suspense, useEffect, useState } from 'react';
import { getClient } from '../api/client.js';
import { handleKey } from '../lib/commands.js';
import { listenToNativeMenu } from '../lib/menu-commands.js';
import { useFlowStore } from '../stores/flow-store.js';
import { useRunStore, type RunEventOf } from '../stores/run-store.js';
import { useScreenStore } from '../stores/screen-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { BottomPanel } from './BottomPanel.js';
import { Canvas } from './Canvas.js';
import { CodeView } from './CodeView.js';
import { Inspector } from './Inspector.js';
import { CommandPalette } from './CommandPalette.js';
import { NewFlowDialog, OpenFlowDialog } from './FileBrowser.js';
import { Palette } from './Palette.js';
import { RunFormDialog } from './RunFormDialog.js';
import { Toasts } from './Toasts.js';
import { Toolbar } from './Toolbar.js';

// The inspection screens (artifact browser, SQL, Compare, charts, sync) load on first use.
const Screens = lazy(() => import('./Screens.js'));

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

function lastFlow(): string | null {
  try {
    return localStorage.getItem('flowbench.last-flow');
  } catch {
    return null;
  }
}
function rememberFlow(path: string): void {
  try {
    localStorage.setItem('flowbench.last-flow', path);
  } catch {
    // no storage: the next start shows the empty canvas
  }
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
    // `?open=/path/flow.py` opens a flow on load (links, the bench); else the last flow opened.
    const wanted = new URLSearchParams(window.location.search).get('open') ?? lastFlow();
    if (wanted !== null) void useFlowStore.getState().open(wanted);
    return useFlowStore.subscribe((s, before) => {
      if (s.doc !== null && s.doc.path !== before.doc?.path) rememberFlow(s.doc.path);
    });
  }, []);

  useEffect(() => listenToNativeMenu(window.flowbench), []);

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
        {screenOpen && (
          <Suspense fallback={<div className="screen muted">Loading…</div>}>
            <Screens />
          </Suspense>
        )}
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
