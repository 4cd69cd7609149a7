import { ErrorCode, isFlowbenchError } from '../errors/flowbench-error.js';
import type { ApiError, ApiErrorCode } from './contract.js';

/** A failure with one of the API's own codes (`edit-refused`, `nothing-to-undo`, …). */
export class ApiFailure extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}


/**
 * Turns anything a handler threw into the error value that crosses the transport. A
 * FlowbenchError keeps its code and line; a Node file error gets a code a person can act on;
 * anything else is `internal` (a bug), with its message but never its stack.
 */
export function toApiError(error: unknown): ApiError {
  if (isFlowbenchError(error) || error instanceof ApiFailure) {
    return { code: error.code, message: error.message, ...(error.line !== undefined ? { line: error.line } : {}) };
  }
  const errno = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (errno === 'ENOENT') return { code: ErrorCode.fileNotFound, message };
  if (errno === 'EACCES' || errno === 'EPERM' || errno === 'EISDIR' || errno === 'ENOTDIR') return { code: ErrorCode.badArgument, message };
  return { code: ErrorCode.internal, message: `Internal error: ${message}` };
}
