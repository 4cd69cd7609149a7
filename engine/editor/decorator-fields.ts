/**
 * The inspector's decorator form: its fields, the values they show for a step, and the edit that
 * writes them. Values are read through the scheduler's own reading of the decorators
 * (`stepOptions`), so the form shows what a run will do: `@timeout(minutes=5)` reads as 300
 * seconds, and setting it writes `seconds=` in place of every unit. Pure (no Node): the renderer
 * imports it (eslint.config.js PURE_ENGINE_MODULES).
 */
import type { DecoratorSpec, PyValue, StepSpec } from '../graph/flow-graph.js';
import { stepOptions } from '../runtime/step-options.js';
import type { DecoratorArgValue, FlowEdit } from './edits.js';

export interface FieldSpec {
  readonly key: string;
  readonly label: string;
  readonly decorator: string;
  readonly arg: string;
  readonly kind: 'text' | 'number' | 'env';
  readonly placeholder?: string;
  /** Arguments this field stands for besides `arg`: writing the field removes them. */
  readonly replaces?: readonly string[];
}

export const DECORATOR_FIELDS: readonly FieldSpec[] = [
  { key: 'image', label: 'Image', decorator: 'docker', arg: 'image', kind: 'text', placeholder: 'python:3.11-slim' },
  { key: 'cpu', label: 'CPU', decorator: 'resources', arg: 'cpu', kind: 'number', placeholder: '1' },
  // The backends give a container `memory` MiB (StepOptions.resources.memoryMiB).
  { key: 'memory', label: 'Memory (MiB)', decorator: 'resources', arg: 'memory', kind: 'number', placeholder: '4096' },
  { key: 'gpu', label: 'GPU', decorator: 'resources', arg: 'gpu', kind: 'number', placeholder: '0' },
  { key: 'retry', label: 'Retry times', decorator: 'retry', arg: 'times', kind: 'number', placeholder: '0' },
  { key: 'timeout', label: 'Timeout (s)', decorator: 'timeout', arg: 'seconds', kind: 'number', placeholder: 'none', replaces: ['minutes', 'hours'] },
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

const num = (value: number | null): string => (value === null ? '' : String(value));

/** The form's values for a step: numbers as the scheduler reads them, text as written. */
export function fieldValues(step: Pick<StepSpec, 'decorators'>): Record<string, string> {
  const has = (name: string): boolean => step.decorators.some((d) => d.name === name);
  const options = stepOptions(step as StepSpec);
  const raw = (f: FieldSpec): string => text(step.decorators.find((d) => d.name === f.decorator)?.args[f.arg]);
  const values: Record<string, string> = {};
  for (const f of DECORATOR_FIELDS) values[f.key] = raw(f);
  values['cpu'] = num(options.resources.cpu);
  values['memory'] = num(options.resources.memoryMiB);
  values['gpu'] = num(options.resources.gpu);
  values['retry'] = has('retry') ? String(options.retries) : '';
  values['timeout'] = options.timeoutMs === null ? '' : String(options.timeoutMs / 1000);
  return values;
}

/**
 * The edit that makes `decorator` match the form, or an error sentence for a bad value.
 * Arguments the form does not show (e.g. `@resources(disk=…)`) are kept as they were.
 */
export function decoratorEdit(
  step: string,
  decorator: string,
  values: Readonly<Record<string, string>>,
  existing: DecoratorSpec | undefined,
): { edit: FlowEdit } | { error: string } | null {
  const args: Record<string, DecoratorArgValue> = {};
  for (const [k, v] of Object.entries(existing?.args ?? {})) {
    if (!(v !== null && typeof v === 'object' && 'expr' in v)) args[k] = v as DecoratorArgValue;
  }
  for (const f of DECORATOR_FIELDS.filter((x) => x.decorator === decorator)) {
    const raw = (values[f.key] ?? '').trim();
    delete args[f.arg];
    for (const other of f.replaces ?? []) delete args[other];
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
