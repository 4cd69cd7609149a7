/**
 * One artifact in the browser, by the view the engine chose for it: a table (paged grid with
 * summaries), JSON (a tree), an image, or its repr. A teammate's artifact not downloaded yet is
 * fetched by the engine when opened; the viewer says so while it waits.
 */
import { useEffect, useRef, useState } from 'react';
import { getClient } from '../api/client.js';
import type { ArtifactValue } from '../api/contract-types.js';
import type { ArtifactInfo } from '../api/inspect-types.js';
import { assertNever } from '../lib/assert-never.js';
import { formatBytes } from '../lib/format-bytes.js';
import { formatCount } from '../lib/format-cell.js';
import { useScreenStore } from '../stores/screen-store.js';
import { ArtifactValueView } from './ArtifactValueView.js';
import { JsonTree } from './JsonTree.js';
import { TableArtifact } from './TableArtifact.js';

type Loaded = { state: 'loading' } | { state: 'loaded'; value: ArtifactValue } | { state: 'failed'; message: string };

interface Props {
  task: string;
  info: ArtifactInfo;
  /** Called once a remote artifact has been fetched, so the list can stop marking it. */
  onFetched?: () => void;
}

export function ArtifactViewer({ task, info, onFetched }: Props) {
  const [flow, , step] = task.split('/');
  return (
    <div className="artifact-viewer" data-testid="artifact-viewer" data-artifact={info.name} data-view={info.view}>
      <header className="artifact-viewer-head">
        <h3 className="mono">{info.name}</h3>
        <span className="mono muted">{info.type}</span>
        <span className="muted">{formatBytes(info.size)}</span>
        {info.table !== undefined && (
          <span className="muted">
            {formatCount(info.table.rows)} rows × {info.table.columns.length} columns
          </span>
        )}
        {!info.local && (
          <span className="remote-badge" data-testid="artifact-remote" title="A teammate's artifact: it is downloaded from the remote when opened, then read offline.">
            ☁ not downloaded yet: fetched now
          </span>
        )}
        {info.metric !== undefined && flow !== undefined && (
          <button type="button" data-testid="metric-chart-open" onClick={() => useScreenStore.getState().open({ kind: 'metric', flow, name: info.name, ...(step === undefined ? {} : { step }) })}>
            Chart {info.name} across runs
          </button>
        )}
      </header>
      <div className="artifact-viewer-body">
        {info.view === 'table' ? <TableArtifact pathspec={task} name={info.name} onLoaded={info.local ? undefined : onFetched} /> : <ValueView task={task} info={info} onFetched={onFetched} />}
      </div>
    </div>
  );
}

function ValueView({ task, info, onFetched }: Props) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  // A new callback from the parent must not fetch again: read it through a ref.
  const fetched = useRef(onFetched);
  fetched.current = onFetched;
  const remote = useRef(!info.local);
  useEffect(() => {
    let live = true;
    setLoaded({ state: 'loading' });
    getClient()
      .request('artifacts.get', { pathspec: task, name: info.name })
      .then(
        (value) => {
          if (!live) return;
          setLoaded({ state: 'loaded', value });
          if (remote.current) fetched.current?.();
        },
        (e: unknown) => live && setLoaded({ state: 'failed', message: e instanceof Error ? e.message : String(e) }),
      );
    return () => {
      live = false;
    };
    // Not on info.local: once fetched the artifact is marked local, and must not load again.
  }, [task, info.name]);

  switch (loaded.state) {
    case 'loading':
      return <p className="muted">{info.local ? `Loading ${info.name}…` : `Fetching ${info.name} from the remote (${formatBytes(info.size)})…`}</p>;
    case 'failed':
      return (
        <p className="artifact-error" role="alert">
          Could not load {info.name}: {loaded.message}
        </p>
      );
    case 'loaded':
      return <Value value={loaded.value} name={info.name} />;
    default:
      return assertNever(loaded);
  }
}

function Value({ value, name }: { value: ArtifactValue; name: string }) {
  switch (value.kind) {
    case 'json':
      return <JsonTree value={value.value} />;
    case 'image':
      return <img className="artifact-image" data-testid="artifact-image" alt={name} src={`data:${value.mime};base64,${value.base64}`} />;
    case 'repr':
    case 'table':
      return <ArtifactValueView value={value} />;
    default:
      return assertNever(value);
  }
}
