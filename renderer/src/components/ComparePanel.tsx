/**
 * Compare (issue 7): two or more runs — one's own or teammates' — side by side through
 * `runs.compare`: parameters, metrics, tags and artifacts with differences highlighted and an
 * "only differences" switch; the flow code as a side-by-side diff; the graph with the steps
 * whose code changed marked.
 */
import { useEffect, useState } from 'react';
import { getClient } from '../api/client.js';
import type { FlowGraph } from '../api/contract-types.js';
import type { RunComparison } from '../api/inspect-types.js';
import { shortRunId } from '../lib/format-cell.js';
import { CodeDiff } from './CodeDiff.js';
import { CompareRows } from './CompareTables.js';
import { GraphDiff } from './GraphDiff.js';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function ComparePanel({ pathspecs }: { pathspecs: readonly string[] }) {
  const [cmp, setCmp] = useState<RunComparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [onlyDiff, setOnlyDiff] = useState(false);
  const [other, setOther] = useState(1);

  useEffect(() => {
    let live = true;
    getClient()
      .request('runs.compare', { pathspecs: [...pathspecs] })
      .then(
        (c) => live && setCmp(c),
        (e: unknown) => live && setError(message(e)),
      );
    return () => {
      live = false;
    };
  }, [pathspecs]);

  if (error !== null) {
    return (
      <p className="artifact-error" role="alert" data-testid="compare-error">
        Could not compare: {error}
      </p>
    );
  }
  if (cmp === null) return <p className="muted">Comparing {pathspecs.length} runs…</p>;
  const name = (i: number): string => {
    const r = cmp.runs[i];
    return r === undefined ? '' : `${r.flow}/${shortRunId(r.runId)}`;
  };
  return (
    <div className="compare-panel" data-testid="compare-panel">
      <div className="compare-bar">
        <label className="switch">
          <input type="checkbox" data-testid="compare-only-diff" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.currentTarget.checked)} /> Only differences
        </label>
        <span className="muted">The first run is the baseline; highlighted cells differ from it.</span>
      </div>
      <div className="compare-scroll">
        <table className="compare-table">
          <thead>
            <tr>
              <th />
              {cmp.runs.map((r, i) => (
                <th key={r.pathspec} data-testid={`compare-run-${i}`}>
                  <div className="mono">{name(i)}</div>
                  <div className="muted">
                    <span className={`status-dot status-${r.status}`} /> {r.status} · {r.user}
                    {r.pulled === true && <span className="teammate-badge">teammate</span>}
                    {i === 0 && <span className="baseline-badge">baseline</span>}
                  </div>
                </th>
              ))}
              <th />
            </tr>
          </thead>
          <CompareRows cmp={cmp} onlyDiff={onlyDiff} />
        </table>
      </div>
      <section className="compare-code">
        <h3>
          Flow code
          {cmp.runs.length > 2 && (
            <select aria-label="Run to diff against the baseline" data-testid="compare-diff-run" value={other} onChange={(e) => setOther(Number(e.currentTarget.value))}>
              {cmp.runs.slice(1).map((r, i) => (
                <option key={r.pathspec} value={i + 1}>
                  {name(i + 1)}
                </option>
              ))}
            </select>
          )}
        </h3>
        <CodeDiff diff={cmp.code[other]?.diff ?? ''} left={name(0)} right={name(other)} />
        <RunGraph key={other} pathspec={cmp.runs[other]?.pathspec ?? ''} changed={cmp.changedSteps[other] ?? []} label={name(other)} />
      </section>
    </div>
  );
}

/** The compared run's graph as it ran (its recorded code), from `runs.get`. */
function RunGraph({ pathspec, changed, label }: { pathspec: string; changed: readonly string[]; label: string }) {
  const [graph, setGraph] = useState<FlowGraph | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    getClient()
      .request('runs.get', { pathspec })
      .then(
        (d) => live && setGraph(d.graph),
        (e: unknown) => live && setError(message(e)),
      );
    return () => {
      live = false;
    };
  }, [pathspec]);
  return (
    <div className="compare-graph">
      <h3>
        Graph of {label}{' '}
        <span className="muted">{changed.length === 0 ? '(no step’s code changed)' : `(code changed: ${changed.join(', ')})`}</span>
      </h3>
      {error !== null && <p className="artifact-error">Could not load the graph: {error}</p>}
      {graph !== null && <GraphDiff graph={graph} changed={changed} label={label} />}
    </div>
  );
}
