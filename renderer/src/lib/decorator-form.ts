/**
 * The inspector's decorator fields and the decorators they write. Each field belongs to one
 * decorator; a decorator whose fields are all empty is removed.
 */
import type { DecoratorSpec, PyValue } from '../../../engine/graph/flow-graph.js';
import type { FlowEdit } from '../api/contract-types.js';

type ArgValue = Extract<FlowEdit, { type: 'setDecorator' }>['args'][string];

export interface FieldSpec {
  key: string;
  label: string;
  decorator: string;
  arg: string;
  kind: 'text' | 'number' | 'env';
  placeholder?: string;
}

export const DECORATOR_FIELDS: readonly FieldSpec[] = [
  { key: 'image', label: 'Image', decorator: 'docker', arg: 'image', kind: 'text', placeholder: 'python:3.11-slim' },
  { key: 'cpu', label: 'CPU', decorator: 'resources', arg: 'cpu', kind: 'number', placeholder: '1' },
  { key: 'memory', label: 'Memory (MB)', decorator: 'resources', arg: 'memory', kind: 'number', placeholder: '4096' },
  { key: 'gpu', label: 'GPU', decorator: 'resources', arg: 'gpu', kind: 'number', placeholder: '0' },
  { key: 'retry', label: 'Retry times', decorator: 'retry', arg: 'times', kind: 'number', placeholder: '0' },
  { key: 'timeout', label: 'Timeout (s)', decorator: 'timeout', arg: 'seconds', kind: 'number', placeholder: 'none' },
  { key: 'catch', label: 'Catch into var', decorator: 'catch', arg: 'var', kind: 'text', placeholder: 'error' },
  { key: 'env', label: 'Environment (KEY=value per line)', decorator: 'environment', arg: 'vars', kind: 'env' },
];

function text(value: PyValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object' && 'expr' in value) return String(value.expr);
  if (typeof value === 'object') {
    if (Array.isArray(value)) return JSON.stringify(value);
    return Object.entries(value)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join('\n');
  }
  return String(value);
}

/** The form's values for a step's decorators. */
export function fieldValues(decorators: readonly DecoratorSpec[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const f of DECORATOR_FIELDS) {
    const d = decorators.find((x) => x.name === f.decorator);
    values[f.key] = text(d?.args[f.arg]);
  }
  return values;
}

/**
 * The edit that makes `decorator` match the form, or an error sentence for a bad value.
 * Arguments the form does not show (e.g. `@resources(disk=…)`) are kept as they were.
 */
export function decoratorEdit(
  step: string,
  decorator: string,
  values: Record<string, string>,
  existing: DecoratorSpec | undefined,
): { edit: FlowEdit } | { error: string } | null {
  const args: Record<string, ArgValue> = {};
  for (const [k, v] of Object.entries(existing?.args ?? {})) {
    if (!(v !== null && typeof v === 'object' && 'expr' in v)) args[k] = v as ArgValue;
  }
  for (const f of DECORATOR_FIELDS.filter((x) => x.decorator === decorator)) {
    const raw = (values[f.key] ?? '').trim();
    delete args[f.arg];
    if (raw === '') continue;
    if (f.kind === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n) || n < 0) return { error: `${f.label}: "${raw}" is not a number; enter a number like 2 (or leave it empty).` };
      args[f.arg] = n;
    } else if (f.kind === 'env') {
      const vars: Record<string, string> = {};
      for (const line of raw.split('\n').map((l) => l.trim()).filter(Boolean)) {
        const eq = line.indexOf('=');
        if (eq <= 0) return { error: `Environment: "${line}" is not KEY=value; write one KEY=value per line.` };
        vars[line.slice(0, eq).trim()] = line.slice(eq + 1);
      }
      args[f.arg] = vars;
    } else {
      args[f.arg] = raw;
    }
  }
  if (Object.keys(args).length === 0) {
    return existing === undefined ? null : { edit: { type: 'removeDecorator', step, name: decorator } };
  }
  return { edit: { type: 'setDecorator', step, name: decorator, args } };
}
