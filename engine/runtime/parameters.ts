/**
 * Parameter values: the one place where a value a person gives (text on a command line, a field
 * of the run form, a value the form already typed) or a default becomes the typed value every
 * task of a run sees. Pure (no `node:` imports), so the renderer validates its run form with
 * these same functions.
 *
 * Values are JSON values; a number JS would print differently from Python (an integer beyond
 * ±2^53, a float with a zero fraction such as `2.0`) is an `ExactNumber` (util/exact-json.ts),
 * so `alpha=2` for a float parameter reaches the step as the float 2.0 and a 2^60 + 1 as itself.
 */
import { assertNever } from '../errors/assert-never.js';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import type { FlowGraph, ParameterSpec, ParameterType, PyValue } from '../graph/flow-graph.js';
import { ExactNumber, exactNumber, parseExactJson } from '../util/exact-json.js';

export type ParameterValues = { readonly [name: string]: unknown };

/** What the step runtime found for a default written as code (see evaluate-defaults.ts). */
export interface EvaluatedDefault {
  /** The value, parsed with `parseExactJson`. */
  readonly value: unknown;
  /** `type=` as declared in Python, when it is one Flowbench knows; else null. */
  readonly declaredType: ParameterType | null;
  /** The default was a function (called with a context, as Metaflow does). */
  readonly callable: boolean;
  /** A function default of a parameter given a value: not called, `value` is null. */
  readonly skipped?: boolean;
}

const TRUE_WORDS = ['true', 't', '1', 'yes', 'y', 'on'];
const FALSE_WORDS = ['false', 'f', '0', 'no', 'n', 'off'];

/**
 * Converts a value to a parameter's type, or explains why not. A string is read as it would be
 * on a command line (`"2"` → 2, `'{"k": 1}'` → a dict for JSONType); any other JSON value is
 * taken as already typed and only checked (2 for a float parameter becomes 2.0).
 *
 * @example convertParameter({ name: 'alpha', type: 'float' }, '2') // ExactNumber('2.0')
 */
export function convertParameter(spec: Pick<ParameterSpec, 'name' | 'type'> & { readonly span?: ParameterSpec['span'] }, given: unknown): unknown {
  const fail = (expected: string): never => {
    const shown = typeof given === 'string' ? JSON.stringify(given) : describe(given);
    throw new FlowbenchError(ErrorCode.badParameter, `Parameter "${spec.name}" expects ${expected}, but got ${shown}.`, {
      ...(spec.span ? { line: spec.span.startLine } : {}),
    });
  };
  const text = typeof given === 'string' ? given.trim() : null;
  switch (spec.type) {
    case 'str':
      if (typeof given === 'string') return given;
      if (typeof given === 'number' || typeof given === 'boolean' || given instanceof ExactNumber) return String(given);
      return fail('text');
    case 'int': {
      if (text !== null) return /^[+-]?\d+$/.test(text) ? exactNumber(BigInt(text).toString()) : fail('an integer');
      if (typeof given === 'number') return Number.isInteger(given) ? given : fail('an integer');
      if (given instanceof ExactNumber && /^-?\d+$/.test(given.text)) return given;
      if (typeof given === 'bigint') return exactNumber(given.toString());
      return fail('an integer');
    }
    case 'float': {
      let value: number | null = null;
      if (text !== null) value = text === '' ? null : Number(text);
      else if (typeof given === 'number' || given instanceof ExactNumber) value = Number(given);
      return value !== null && Number.isFinite(value) ? floatValue(value) : fail('a number');
    }
    case 'bool': {
      if (typeof given === 'boolean') return given;
      const word = text?.toLowerCase() ?? (given === 1 || given === 0 ? String(given) : null);
      if (word !== null && TRUE_WORDS.includes(word)) return true;
      if (word !== null && FALSE_WORDS.includes(word)) return false;
      return fail('true or false');
    }
    case 'json':
      if (typeof given !== 'string') return given;
      try {
        return parseExactJson(given);
      } catch {
        return fail('JSON');
      }
    default:
      return assertNever(spec.type, 'parameter type');
  }
}

/** A float as Python must read it: `2` is written `2.0`. */
function floatValue(value: number): number | ExactNumber {
  const text = String(value);
  return /[.e]/.test(text) ? value : new ExactNumber(`${text}.0`);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof ExactNumber) return value.text;
  return typeof value === 'object' ? 'an object' : String(value);
}

export function isExpression(value: PyValue | undefined): value is { readonly expr: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'expr' in value;
}

/**
 * A default the engine cannot read from the source: code (`default=lambda ctx: ...`,
 * `default=DEFAULT_ALPHA`), or an integer literal too large for a JS number. The step runtime
 * evaluates these once, at run start.
 */
export function needsEvaluation(spec: ParameterSpec): boolean {
  return isExpression(spec.default) || (typeof spec.default === 'number' && Number.isInteger(spec.default) && !Number.isSafeInteger(spec.default));
}

export interface ResolveOptions {
  /** A resume: the origin run's values, kept for every parameter not given again. */
  readonly origin?: ParameterValues;
  /** Defaults written as code, evaluated by the step runtime (by parameter name). */
  readonly evaluated?: { readonly [name: string]: EvaluatedDefault };
}

/** Refuses a value for a parameter the flow does not declare, naming the ones it does. */
export function checkParameterNames(graph: FlowGraph, given: { readonly [name: string]: unknown }): void {
  const known = graph.parameters.map((p) => p.name);
  for (const name of Object.keys(given)) {
    if (!known.includes(name)) {
      throw new FlowbenchError(
        ErrorCode.badParameter,
        `Unknown parameter "${name}". ${known.length ? `The flow's parameters are: ${known.join(', ')}.` : 'The flow has no parameters.'}`,
      );
    }
  }
}

/**
 * The parameters Python must look at for this request (none is common): those whose default is
 * code. Given a value, such a parameter still needs Python for its type when none is declared
 * (Metaflow takes it from the default's value); its default, if a function, is then not called.
 */
export function parametersToEvaluate(graph: FlowGraph, origin?: ParameterValues): ParameterSpec[] {
  return graph.parameters.filter((spec) => !(origin && Object.prototype.hasOwnProperty.call(origin, spec.name)) && needsEvaluation(spec));
}

/**
 * The values a run starts with, for every parameter the flow declares: given values converted
 * to their types, else (on a resume) the origin's value, else the default converted to the
 * type (a JSONType default written as text is parsed), else null. Unknown names and missing
 * required values are refused before anything runs.
 *
 * @example resolveParameters(graph, { alpha: "2" }) // { alpha: ExactNumber('2.0'), epochs: 10 }
 */
export function resolveParameters(graph: FlowGraph, given: { readonly [name: string]: unknown }, options: ResolveOptions = {}): ParameterValues {
  checkParameterNames(graph, given);
  const values: Record<string, unknown> = {};
  for (const spec of graph.parameters) {
    const raw = given[spec.name];
    const evaluated = options.evaluated?.[spec.name];
    if (raw !== undefined && raw !== null) values[spec.name] = convertParameter(evaluated ? { ...spec, type: evaluatedType(evaluated) } : spec, raw);
    else if (options.origin && Object.prototype.hasOwnProperty.call(options.origin, spec.name)) values[spec.name] = options.origin[spec.name];
    else if (evaluated && !evaluated.skipped) values[spec.name] = evaluated.value === null ? null : convertParameter({ ...spec, type: evaluatedType(evaluated) }, evaluated.value);
    else if (needsEvaluation(spec)) {
      throw new FlowbenchError(ErrorCode.internal, `Parameter "${spec.name}": its default (code) was not evaluated.`, { line: spec.span.startLine });
    } else if (spec.default !== undefined && spec.default !== null) values[spec.name] = convertParameter(spec, spec.default);
    else if (spec.required) {
      throw new FlowbenchError(ErrorCode.badParameter, `Parameter "${spec.name}" is required: pass --param ${spec.name}=VALUE.`, {
        line: spec.span.startLine,
      });
    } else values[spec.name] = null;
  }
  return values;
}

/**
 * The type of an evaluated default, as Metaflow decides it: the declared `type=`; else for a
 * function, text (Metaflow passes its result through click's STRING); else the value's own type.
 */
function evaluatedType(evaluated: EvaluatedDefault): ParameterType {
  if (evaluated.declaredType) return evaluated.declaredType;
  if (evaluated.callable) return 'str';
  const value = evaluated.value;
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number' || value instanceof ExactNumber) return /^-?\d+$/.test(String(value)) ? 'int' : 'float';
  return 'json';
}
