/**
 * The full-size screens of issues 7 and 8 over the workspace: artifact browser, SQL console,
 * Compare, a metric across runs, sync. Loaded lazily by App (React.lazy), so none of this —
 * CodeMirror's SQL mode, the charts, the diff view — weighs on the first screen's bundle.
 */
import { useEffect } from 'react';
import { assertNever } from '../lib/assert-never.js';
import { useScreenStore, type Screen } from '../stores/screen-store.js';
import { ArtifactBrowser } from './ArtifactBrowser.js';
import { ComparePanel } from './ComparePanel.js';
import { MetricChart } from './MetricChart.js';
import { SqlConsole } from './SqlConsole.js';
import { SyncPanel } from './SyncPanel.js';

function title(screen: Screen): string {
  switch (screen.kind) {
    case 'artifacts':
      return `Artifacts · ${screen.run}`;
    case 'sql':
      return 'SQL console';
    case 'compare':
      return `Compare ${screen.pathspecs.length} runs`;
    case 'metric':
      return `${screen.name} across runs of ${screen.flow}`;
    case 'sync':
      return 'Sync with teammates';
    default:
      return assertNever(screen);
  }
}

function Body({ screen }: { screen: Screen }) {
  switch (screen.kind) {
    case 'artifacts':
      return <ArtifactBrowser run={screen.run} task={screen.task} artifact={screen.artifact} />;
    case 'sql':
      return <SqlConsole initialSql={screen.sql} />;
    case 'compare':
      return <ComparePanel pathspecs={screen.pathspecs} />;
    case 'metric':
      return <MetricChart flow={screen.flow} name={screen.name} step={screen.step} />;
    case 'sync':
      return <SyncPanel />;
    default:
      return assertNever(screen);
  }
}

/** Esc closes the screen, unless an editor inside wants it (CodeMirror closes its completion list). */
function useEscapeCloses(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      const inEditor = e.composedPath().some((n) => n instanceof HTMLElement && n.classList.contains('cm-editor'));
      if (inEditor || document.querySelector('.dialog-backdrop') !== null) return;
      e.stopPropagation();
      useScreenStore.getState().close();
    };
    // Capture: before the app's own Esc (which would leave the run view underneath).
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}

export default function Screens() {
  const screen = useScreenStore((s) => s.screen);
  useEscapeCloses();
  if (screen === null) return null;
  return (
    <section className="screen" data-testid={`screen-${screen.kind}`} aria-label={title(screen)}>
      <header className="screen-head">
        <h2>{title(screen)}</h2>
        <nav className="screen-nav">
          <button type="button" aria-pressed={screen.kind === 'sql'} data-testid="screen-nav-sql" onClick={() => useScreenStore.getState().open({ kind: 'sql' })}>
            SQL
          </button>
          <button type="button" aria-pressed={screen.kind === 'sync'} data-testid="screen-nav-sync" onClick={() => useScreenStore.getState().open({ kind: 'sync' })}>
            Sync
          </button>
        </nav>
        <button type="button" className="icon" aria-label="Close" title="Close (Esc)" data-testid="screen-close" onClick={() => useScreenStore.getState().close()}>
          ✕
        </button>
      </header>
      <div className="screen-body">
        <Body key={JSON.stringify(screen)} screen={screen} />
      </div>
    </section>
  );
}
