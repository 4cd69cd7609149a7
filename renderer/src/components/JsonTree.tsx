/**
 * A JSON value as a collapsible tree: objects and arrays open two levels deep, long ones show
 * their first hundred children and a button for the rest.
 */
import { useState } from 'react';

const OPEN_DEPTH = 2;
const CHUNK = 100;

function Scalar({ value }: { value: unknown }) {
  if (value === null) return <span className="json-null">null</span>;
  if (typeof value === 'string') return <span className="json-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="json-bool">{String(value)}</span>;
  return <span>{String(value)}</span>;
}

function Node({ label, value, depth }: { label: string | null; value: unknown; depth: number }) {
  const container = value !== null && typeof value === 'object';
  const [open, setOpen] = useState(depth < OPEN_DEPTH);
  const [shown, setShown] = useState(CHUNK);
  const key = label === null ? null : <span className="json-key">{label}: </span>;
  if (!container) {
    return (
      <li>
        {key}
        <Scalar value={value} />
      </li>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value as Record<string, unknown>);
  const [openMark, closeMark] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return (
    <li>
      <button type="button" className="json-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'}
      </button>
      {key}
      <span className="json-brace">{openMark}</span>
      {!open && (
        <span className="json-summary muted">
          {' '}
          {entries.length} {Array.isArray(value) ? (entries.length === 1 ? 'item' : 'items') : entries.length === 1 ? 'key' : 'keys'} {closeMark}
        </span>
      )}
      {open && (
        <>
          <ul>
            {entries.slice(0, shown).map(([k, v]) => (
              <Node key={k} label={k} value={v} depth={depth + 1} />
            ))}
            {entries.length > shown && (
              <li>
                <button type="button" className="link" onClick={() => setShown(shown + CHUNK * 10)}>
                  … {entries.length - shown} more
                </button>
              </li>
            )}
          </ul>
          <span className="json-brace">{closeMark}</span>
        </>
      )}
    </li>
  );
}

export function JsonTree({ value }: { value: unknown }) {
  return (
    <ul className="json-tree" data-testid="json-tree">
      <Node label={null} value={value} depth={0} />
    </ul>
  );
}
