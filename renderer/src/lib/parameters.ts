/**
 * Typed parameter values: what the run form and the parameter editor accept. The conversion is
 * the engine's own (engine/runtime/parameters.ts), so the form accepts exactly what a run does.
 */
import type { ParameterSpec, PyValue } from '../../../engine/graph/flow-graph.js';
import { convertParameter } from '../../../engine/runtime/parameters.js';

export const PARAM_TYPES = ['str', 'int', 'float', 'bool', 'json'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

/** Parses `text` as a value of parameter `name`'s `type`; the error is the engine's sentence. */
export function parseParameterValue(name: string, type: ParamType, text: string): { value: unknown } | { error: string } {
  try {
    return { value: convertParameter({ name, type }, text) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
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
