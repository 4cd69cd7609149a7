/**
 * The flow code of two runs side by side, from the unified diff the engine made
 * (`runs.compare` → `code[i].diff`); the renderer only lays the diff's lines out.
 */
import { sideBySide } from '../lib/unified-diff.js';

export function CodeDiff({ diff, left, right }: { diff: string; left: string; right: string }) {
  if (diff === '') {
    return (
      <p className="muted" data-testid="code-diff" data-identical="true">
        The flow code of {right} is identical to {left}'s.
      </p>
    );
  }
  const hunks = sideBySide(diff);
  return (
    <div className="code-diff" data-testid="code-diff" data-identical="false">
      <div className="code-diff-head">
        <span>{left}</span>
        <span>{right}</span>
      </div>
      {hunks.map((h, i) => (
        <table key={i} className="code-diff-hunk">
          <caption className="mono muted">{h.header}</caption>
          <tbody>
            {h.rows.map((r, j) => (
              <tr key={j} className={`diff-${r.kind}`}>
                <td className="diff-num">{r.left?.line ?? ''}</td>
                <td className={`diff-text${r.left !== null && r.kind !== 'same' ? ' diff-del' : ''}`}>{r.left?.text ?? ''}</td>
                <td className="diff-num">{r.right?.line ?? ''}</td>
                <td className={`diff-text${r.right !== null && r.kind !== 'same' ? ' diff-ins' : ''}`}>{r.right?.text ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}
