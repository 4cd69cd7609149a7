/**
 * The one error type of the engine. Expected failures (a lint finding, a failed task, an
 * unreachable store) are returned as values; a FlowbenchError is thrown only where the caller
 * cannot go on, and its message says what happened, where, and what to do.
 */
export const ErrorCode = {
  fileNotFound: 'file-not-found',
  syntax: 'syntax',
  lint: 'lint',
  noFlow: 'no-flow',
  badParameter: 'bad-parameter',
  badArgument: 'bad-argument',
  notFound: 'not-found',
  python: 'python',
  store: 'store',
  taskFailed: 'task-failed',
  /** A Docker engine (local or remote) that cannot be reached or refuses a request. */
  docker: 'docker',
  cancelled: 'cancelled',
  /** A SQL query refused (it would write, attach, load, change settings or read outside the store) or failed. */
  query: 'query',
  /** A query or transfer stopped by its time limit. */
  timeout: 'timeout',
  /** A remote (S3) that cannot be reached, refuses a request, or holds a corrupt object. */
  remote: 'remote',
  /** A request the engine cannot serve yet (the module behind it is not configured). */
  unavailable: 'unavailable',
  internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface FlowbenchErrorOptions {
  /** 1-based line in `file` the error concerns. */
  line?: number;
  file?: string;
  cause?: unknown;
}

export class FlowbenchError extends Error {
  readonly code: ErrorCode;
  readonly line: number | undefined;
  readonly file: string | undefined;

  constructor(code: ErrorCode, message: string, options: FlowbenchErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FlowbenchError';
    this.code = code;
    this.line = options.line;
    this.file = options.file;
  }
}

export function isFlowbenchError(value: unknown): value is FlowbenchError {
  return value instanceof FlowbenchError;
}
