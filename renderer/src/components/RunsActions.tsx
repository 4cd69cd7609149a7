/**
 * The runs list's ways into the inspection screens (issues 7 and 8): Compare the ticked runs,
 * the SQL console, Sync; and per row a tick box and an Artifacts button. Kept out of RunsList
 * so that file stays about listing runs.
 */
import { useScreenStore } from '../stores/screen-store.js';

export function RunsActions() {
  const picked = useScreenStore((s) => s.picked);
  return (
    <div className="runs-actions">
      <button
        type="button"
        data-testid="compare-open"
        disabled={picked.length < 2}
        title={picked.length < 2 ? 'Tick two or more runs to compare them' : `Compare ${picked.length} runs`}
        onClick={() => useScreenStore.getState().open({ kind: 'compare', pathspecs: picked })}
      >
        Compare{picked.length > 0 ? ` (${picked.length})` : ''}
      </button>
      {picked.length > 0 && (
        <button type="button" className="link" onClick={() => useScreenStore.getState().clearPicks()}>
          clear
        </button>
      )}
      <button type="button" data-testid="sql-open" title="Query every run and artifact with SQL" onClick={() => useScreenStore.getState().open({ kind: 'sql' })}>
        SQL
      </button>
      <button type="button" data-testid="sync-open" title="Pull teammates' runs, push yours" onClick={() => useScreenStore.getState().open({ kind: 'sync' })}>
        Sync
      </button>
    </div>
  );
}

export function RunPick({ pathspec }: { pathspec: string }) {
  const checked = useScreenStore((s) => s.picked.includes(pathspec));
  return (
    <input
      type="checkbox"
      aria-label={`Pick ${pathspec} to compare`}
      data-testid="run-pick"
      checked={checked}
      onClick={(e) => e.stopPropagation()}
      onChange={() => useScreenStore.getState().togglePick(pathspec)}
    />
  );
}

export function RunArtifactsButton({ pathspec }: { pathspec: string }) {
  return (
    <button
      type="button"
      className="row-action"
      data-testid="run-artifacts"
      title="Browse this run's artifacts"
      onClick={(e) => {
        e.stopPropagation();
        useScreenStore.getState().open({ kind: 'artifacts', run: pathspec });
      }}
    >
      Artifacts
    </button>
  );
}
