/** The top bar: file actions, history, view, theme, and Run. */
import { useEffect } from 'react';
import { autoLayout, COMMANDS, resumableRun, resumeLatest, shortcutLabel } from '../lib/commands.js';
import { useFlowStore } from '../stores/flow-store.js';
import { useRunStore } from '../stores/run-store.js';
import { useUiStore, type Theme } from '../stores/ui-store.js';
import { RunStatus } from './RunStatus.js';

const hint = (id: string, title: string): string => {
  const s = COMMANDS.find((c) => c.id === id)?.shortcut;
  return s === undefined ? title : `${title} (${shortcutLabel(s)})`;
};
const themeIcon: Record<Theme, string> = { system: '◐', dark: '☾', light: '☀' };

export function Toolbar() {
  const path = useFlowStore((s) => s.doc?.path);
  const canUndo = useFlowStore((s) => s.doc?.canUndo === true);
  const canRedo = useFlowStore((s) => s.doc?.canRedo === true);
  const runView = useRunStore((s) => s.detail !== null);
  // Re-render when the runs or the run on screen change: Resume follows the newest failed run.
  useRunStore((s) => s.runs);
  useRunStore((s) => s.detail?.run.status);
  const resumable = path === undefined ? null : resumableRun();
  const flowName = useFlowStore((s) => s.graph?.flowName ?? null);
  useEffect(() => {
    if (flowName !== null) void useRunStore.getState().loadRuns(flowName);
  }, [flowName]);
  const theme = useUiStore((s) => s.theme);
  const showCode = useUiStore((s) => s.showCode);
  const ui = useUiStore.getState();
  const flow = useFlowStore.getState();
  const historyOpen = path !== undefined && !runView;
  return (
    <header className="toolbar">
      <span className="brand">
        <span className="brand-mark" aria-hidden>
          ⟡
        </span>
        Flowbench
      </span>
      <div className="toolbar-group">
        <button type="button" data-testid="open-button" title={hint('open', 'Open a flow')} onClick={() => ui.openDialog('fileBrowser')}>
          Open
        </button>
        <button type="button" data-testid="new-flow-button" title={hint('new', 'New flow from a template')} onClick={() => ui.openDialog('newFlow')}>
          New
        </button>
      </div>
      <div className="toolbar-group">
        <button type="button" className="icon" aria-label="Undo" title={hint('undo', 'Undo')} disabled={!historyOpen || !canUndo} onClick={() => void flow.undo()}>
          ↶
        </button>
        <button type="button" className="icon" aria-label="Redo" title={hint('redo', 'Redo')} disabled={!historyOpen || !canRedo} onClick={() => void flow.redo()}>
          ↷
        </button>
        <button type="button" title={hint('layout', 'Auto-layout')} disabled={path === undefined} onClick={autoLayout}>
          Layout
        </button>
        <button type="button" title={hint('fit', 'Fit the view')} disabled={path === undefined} onClick={() => ui.requestFit()}>
          Fit
        </button>
        <button type="button" aria-pressed={showCode} title={hint('code', 'Code view')} onClick={() => ui.toggleCode()}>
          Code
        </button>
      </div>
      <span className="file-name mono" title={path}>
        {path === undefined ? 'No flow open' : path.split(/[\\/]/).pop()}
      </span>
      <div className="toolbar-spacer" />
      <RunStatus />
      <button type="button" className="icon" aria-label="Commands" title={hint('palette', 'All commands')} onClick={() => ui.openDialog('commandPalette')}>
        ⌘
      </button>
      <button type="button" className="icon" aria-label={`Theme: ${theme}`} title={hint('theme', `Theme: ${theme}`)} onClick={() => ui.cycleTheme()}>
        {themeIcon[theme]}
      </button>
      {resumable !== null && (
        <button type="button" data-testid="resume-button" title={`Resume ${resumable.runId.slice(-8)} from where it failed, with the code as it is now`} onClick={resumeLatest}>
          ↻ Resume
        </button>
      )}
      <button type="button" className="primary" data-testid="run-button" disabled={path === undefined} title={hint('run', 'Run the flow')} onClick={() => ui.openDialog('runForm')}>
        ▶ Run
      </button>
    </header>
  );
}
