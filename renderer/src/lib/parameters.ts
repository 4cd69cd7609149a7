/** Typed parameter values: what the run form and the parameter editor accept. */
import type { ParameterSpec, PyValue } from '../../../engine/graph/flow-graph.js';

export const PARAM_TYPES = ['str', 'int', 'float', 'bool', 'json'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

/** Parses `text` as a value of `type`; the error is a sentence naming what to type instead. */
export function parseParameterValue(type: ParamType, text: string): { value: unknown } | { error: string } {
  const t = text.trim();
  switch (type) {
    case 'str':
      return { value: text };
    case 'int':
      return /^[-+]?\d+$/.test(t) ? { value: Number(t) } : { error: `"${text}" is not a whole number; type one like 42.` };
    case 'float':
      return t !== '' && Number.isFinite(Number(t)) ? { value: Number(t) } : { error: `"${text}" is not a number; type one like 0.01.` };
    case 'bool':
      if (/^(true|1|yes)$/i.test(t)) return { value: true };
      if (/^(false|0|no)$/i.test(t)) return { value: false };
      return { error: `"${text}" is not true or false.` };
    case 'json':
      try {
        return { value: JSON.parse(t) as unknown };
      } catch {
        return { error: `"${text}" is not valid JSON; e.g. {"a": 1} or [1, 2].` };
      }
  }
}

/** The default a form shows for a parameter, as the text the CLI would take. */
export function defaultAsText(p: Pick<ParameterSpec, 'default' | 'type'>): string {
  const d: PyValue | undefined = p.default;
  if (d === undefined || d === null) return '';
  if (typeof d === 'object' && 'expr' in d) return String(d.expr);
  if (p.type === 'bool' && typeof d === 'boolean') return d ? 'true' : 'false';
  return typeof d === 'string' ? d : JSON.stringify(d);
}
