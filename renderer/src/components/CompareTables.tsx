/**
 * The side-by-side rows of Compare: parameters, metrics, tags and artifacts, one column per run
 * (the first is the baseline), rows that differ highlighted. `same` comes from the engine
 * (artifacts: the same digest is the same value), never from comparing here.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { getClient } from '../api/client.js';
import type { Column, ColumnSummary, ComparedArtifact, RunComparison } from '../api/inspect-types.js';
import { formatBytes } from '../lib/format-bytes.js';
import { formatCell, formatCount } from '../lib/format-cell.js';
import { distinctText } from './ColumnSummary.js';

interface RowProps {
  id: string;
  label: ReactNode;
  same: boolean;
  cells: readonly ReactNode[];
  onlyDiff: boolean;
  extra?: ReactNode;
}

function CompareRow({ id, label, same, cells, onlyDiff, extra }: RowProps) {
  if (onlyDiff && same) return null;
  return (
    <>
      <tr className={same ? 'same' : 'differs'} data-testid={id} data-same={same}>
        <th scope="row" className="mono">
          {label}
        </th>
        {cells.map((c, i) => (
          <td key={i} className={i > 0 && !same ? 'diff-cell' : undefined}>
            {c}
          </td>
        ))}
        <td className="same-mark">{same ? 'same' : 'different'}</td>
      </tr>
      {extra}
    </>
  );
}

const value = (v: unknown): ReactNode => (v === null ? <span className="muted">—</span> : <span className="mono">{formatCell(v)}</span>);

export function Section({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  return (
    <tbody className="compare-section">
      <tr className="compare-section-head">
        <th colSpan={99}>
          {title} <span className="muted">({count})</span>
        </th>
      </tr>
      {children}
    </tbody>
  );
}

export function CompareRows({ cmp, onlyDiff }: { cmp: RunComparison; onlyDiff: boolean }) {
  return (
    <>
      <Section title="Parameters" count={cmp.params.length}>
        {cmp.params.map((p) => (
          <CompareRow key={p.name} id={`compare-param-${p.name}`} label={p.name} same={p.same} cells={p.values.map(value)} onlyDiff={onlyDiff} />
        ))}
      </Section>
      <Section title="Metrics" count={cmp.metrics.length}>
        {cmp.metrics.map((m) => (
          <CompareRow key={`${m.step}.${m.name}`} id={`compare-metric-${m.step}-${m.name}`} label={`${m.step}.${m.name}`} same={m.same} cells={m.values.map(value)} onlyDiff={onlyDiff} />
        ))}
      </Section>
      <Section title="Tags" count={1}>
        <CompareRow id="compare-tags" label="tags" same={cmp.tags.same} cells={cmp.tags.values.map((t) => (t === null ? value(null) : <span className="mono">{t.join(', ')}</span>))} onlyDiff={onlyDiff} />
      </Section>
      <Section title="Artifacts" count={cmp.artifacts.length}>
        {cmp.artifacts.map((a) => (
          <ArtifactRow key={`${a.step}.${a.name}`} cmp={cmp} row={a} onlyDiff={onlyDiff} />
        ))}
      </Section>
    </>
  );
}

type ArtifactRowData = RunComparison['artifacts'][number];

function artifactCell(a: ComparedArtifact | null, base: ComparedArtifact | null): ReactNode {
  if (a === null) return value(null);
  return (
    <span className="compared-artifact" title={`sha256 ${a.sha256}`}>
      <span className="mono">{a.sha256.slice(0, 8)}</span> <span className="muted">{formatBytes(a.size)}</span>
      {a.table !== undefined && (
        <span className="muted">
          {' '}
          · {formatCount(a.table.rows)} rows × {a.table.columns.length} cols
        </span>
      )}
      {a.table !== undefined && base?.table !== undefined && base !== a && <SchemaChange base={base.table.columns} other={a.table.columns} />}
    </span>
  );
}

/** Columns added, removed or retyped against the baseline's table. */
function SchemaChange({ base, other }: { base: readonly Column[]; other: readonly Column[] }) {
  const before = new Map(base.map((c) => [c.name, c.type]));
  const after = new Map(other.map((c) => [c.name, c.type]));
  const notes: string[] = [];
  for (const c of other) if (!before.has(c.name)) notes.push(`+${c.name}`);
  for (const c of base) if (!after.has(c.name)) notes.push(`−${c.name}`);
  for (const c of other) if (before.has(c.name) && before.get(c.name) !== c.type) notes.push(`${c.name}: ${before.get(c.name)} → ${c.type}`);
  if (notes.length === 0) return null;
  return <span className="schema-change"> · schema {notes.join(', ')}</span>;
}

function ArtifactRow({ cmp, row, onlyDiff }: { cmp: RunComparison; row: ArtifactRowData; onlyDiff: boolean }) {
  const [open, setOpen] = useState(false);
  const isTable = row.values.some((v) => v?.table !== undefined);
  const label = (
    <>
      {row.step}.{row.name}
      {isTable && !row.same && (
        <button type="button" className="link summaries-toggle" data-testid={`compare-summaries-${row.step}-${row.name}`} aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'hide summaries' : 'column summaries'}
        </button>
      )}
    </>
  );
  const base = row.values[0] ?? null;
  return (
    <CompareRow
      id={`compare-artifact-${row.step}-${row.name}`}
      label={label}
      same={row.same}
      cells={row.values.map((v) => artifactCell(v, base))}
      onlyDiff={onlyDiff}
      extra={open ? <SummariesRow cmp={cmp} row={row} /> : null}
    />
  );
}

type Summaries = { state: 'loading' } | { state: 'loaded'; columns: readonly ColumnSummary[] } | { state: 'failed'; message: string };

/** Each run's column summaries of one table artifact, loaded when asked (`artifacts.summary`). */
function SummariesRow({ cmp, row }: { cmp: RunComparison; row: ArtifactRowData }) {
  const [summaries, setSummaries] = useState<readonly (Summaries | null)[]>(() => cmp.runs.map((_, i) => (row.values[i]?.table === undefined ? null : { state: 'loading' })));
  useEffect(() => {
    let live = true;
    cmp.runs.forEach((run, i) => {
      if (row.values[i]?.table === undefined) return;
      const put = (s: Summaries): void => {
        if (live) setSummaries((all) => all.map((old, j) => (j === i ? s : old)));
      };
      getClient()
        .request('artifacts.summary', { pathspec: `${run.pathspec}/${row.step}`, name: row.name })
        .then(
          (columns) => put({ state: 'loaded', columns }),
          (e: unknown) => put({ state: 'failed', message: e instanceof Error ? e.message : String(e) }),
        );
    });
    return () => {
      live = false;
    };
  }, [cmp, row]);
  return (
    <tr className="summaries-row" data-testid={`compare-summaries-row-${row.step}-${row.name}`}>
      <td />
      {summaries.map((s, i) => (
        <td key={i}>
          <SummaryCell summaries={s} />
        </td>
      ))}
      <td />
    </tr>
  );
}

function SummaryCell({ summaries: s }: { summaries: Summaries | null }) {
  if (s === null) return <span className="muted">—</span>;
  if (s.state === 'loading') return <span className="muted">Loading…</span>;
  if (s.state === 'failed') return <span className="artifact-error">{s.message}</span>;
  return (
    <table className="mini-summaries">
      <tbody>
        {s.columns.map((c) => (
          <tr key={c.name}>
            <th className="mono">{c.name}</th>
            <td className="mono muted">{c.type}</td>
            <td>
              {formatCount(c.nulls)} null · {distinctText(c)} distinct · {formatCell(c.min)}–{formatCell(c.max)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
