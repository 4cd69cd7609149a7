/** One artifact's value as `artifacts.get` returns it: JSON pretty-printed, a table's first rows, or a Python repr. */
import type { ArtifactValue } from '../api/contract-types.js';
import { assertNever } from '../lib/assert-never.js';

const cell = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)));

export function ArtifactValueView({ value }: { value: ArtifactValue }) {
  switch (value.kind) {
    case 'json':
      return <pre className="artifact-text">{JSON.stringify(value.value, null, 2)}</pre>;
    case 'repr':
      return <pre className="artifact-text">{value.repr}</pre>;
    case 'table':
      return (
        <div className="artifact-table">
          <table>
            <thead>
              <tr>
                {value.columns.map((c) => (
                  <th key={c}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {value.rows.map((row, i) => (
                <tr key={i}>
                  {value.columns.map((c) => (
                    <td key={c}>{cell(row[c])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            {value.rows.length < value.totalRows ? `First ${value.rows.length} of ` : ''}
            {value.totalRows} {value.totalRows === 1 ? 'row' : 'rows'} in all
          </p>
        </div>
      );
    case 'image':
      return <img className="artifact-image" alt="artifact" src={`data:${value.mime};base64,${value.base64}`} />;
    default:
      return assertNever(value);
  }
}
