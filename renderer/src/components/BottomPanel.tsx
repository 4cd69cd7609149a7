/** Tabs under the canvas: problems, logs, artifacts, timeline, runs. */
import { problemItems } from '../lib/problems.js';
import { useFlowStore } from '../stores/flow-store.js';
import { useUiStore, type BottomPanel as Tab } from '../stores/ui-store.js';
import { ArtifactsPanel } from './ArtifactsPanel.js';
import { LazyTimeline } from './LazyParts.js';
import { LogsPanel } from './LogsPanel.js';
import { ProblemsList } from './ProblemsList.js';
import { RunsList } from './RunsList.js';

const TABS: { id: Tab; label: string }[] = [
  { id: 'problems', label: 'Problems' },
  { id: 'logs', label: 'Logs' },
  { id: 'artifacts', label: 'Artifacts' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'runs', label: 'Runs' },
];

export function BottomPanel() {
  const tab = useUiStore((s) => s.bottom);
  const count = useFlowStore((s) => problemItems(s.doc).length);
  return (
    <section className="bottom-panel">
      <div className="tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} data-testid={`tab-${t.id}`} onClick={() => useUiStore.getState().setBottom(t.id)}>
            {t.label}
            {t.id === 'problems' && count > 0 && <span className="count">{count}</span>}
          </button>
        ))}
      </div>
      <div className="tab-body">
        {tab === 'problems' && <ProblemsList />}
        {tab === 'logs' && <LogsPanel />}
        {tab === 'artifacts' && <ArtifactsPanel />}
        {tab === 'timeline' && <LazyTimeline />}
        {tab === 'runs' && <RunsList />}
      </div>
    </section>
  );
}
