import { assertNever } from '../errors/assert-never.js';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import type { FlowGraph, ParameterSpec, PyValue } from '../graph/flow-graph.js';

export type ParameterValues = { readonly [name: string]: unknown };

function isExpression(value: PyValue | undefined): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'expr' in value;
}

/** Converts one command-line string to the parameter's declared type, or explains why not. */
export function convertParameter(spec: ParameterSpec, raw: string): unknown {
  const fail = (expected: string): never => {
    throw new FlowbenchError(
      ErrorCode.badParameter,
      `Parameter "${spec.name}" expects ${expected}, but got ${JSON.stringify(raw)}.`,
      { line: spec.span.startLine },
    );
  };
  switch (spec.type) {
    case 'str':
      return raw;
    case 'int':
      return /^[+-]?\d+$/.test(raw.trim()) ? Number.parseInt(raw, 10) : fail('an integer');
    case 'float': {
      const value = Number(raw);
      return raw.trim() !== '' && Number.isFinite(value) ? value : fail('a number');
    }
    case 'bool': {
      const lowered = raw.trim().toLowerCase();
      if (['true', '1', 'yes', 'y', 'on'].includes(lowered)) return true;
      if (['false', '0', 'no', 'n', 'off'].includes(lowered)) return false;
      return fail('true or false');
    }
    case 'json':
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return fail('JSON');
      }
    default:
      return assertNever(spec.type, 'parameter type');
  }
}

/**
 * Resolves the values a run starts with: given values converted to their types, literal
 * defaults filled in. Everything is checked before anything runs; a default written as an
 * expression (`default=lambda ...`) is left to the step runtime, which evaluates it in Python.
 *
 * @example resolveParameters(graph, { alpha: "0.5" }) // { alpha: 0.5, epochs: 10 }
 */
export function resolveParameters(graph: FlowGraph, given: { readonly [name: string]: string }): ParameterValues {
  const byName = new Map(graph.parameters.map((p) => [p.name, p]));
  for (const name of Object.keys(given)) {
    if (!byName.has(name)) {
      const known = graph.parameters.map((p) => p.name);
      throw new FlowbenchError(
        ErrorCode.badParameter,
        `Unknown parameter "${name}". ${known.length ? `The flow's parameters are: ${known.join(', ')}.` : 'The flow has no parameters.'}`,
      );
    }
  }
  const values: Record<string, unknown> = {};
  for (const spec of graph.parameters) {
    const raw = given[spec.name];
    if (raw !== undefined) values[spec.name] = convertParameter(spec, raw);
    else if (spec.default !== undefined && spec.default !== null && !isExpression(spec.default)) values[spec.name] = spec.default;
    else if (spec.required) {
      throw new FlowbenchError(ErrorCode.badParameter, `Parameter "${spec.name}" is required: pass --param ${spec.name}=VALUE.`, {
        line: spec.span.startLine,
      });
    }
  }
  return values;
}
