/**
 * Domain errors as values with codes. They are thrown where a rule is broken and translated once,
 * at the edge: into an HTTP response here (`toHttpError`) and into WebSocket error frames or close
 * codes in `sync/`.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type AppErrorCode =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'too_many_requests';

const httpStatus: Record<AppErrorCode, ContentfulStatusCode> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
};

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const NotFound = (message = 'Not found.') => new AppError('not_found', message);
export const Forbidden = (message: string) => new AppError('forbidden', message);
export const Unauthorized = (message = 'Sign in to continue.') => new AppError('unauthorized', message);
export const Invalid = (message: string, details?: unknown) => new AppError('invalid', message, details);

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

/** The one mapping from any thrown value to an HTTP status and the API's error shape. */
export function toHttpError(error: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  if (error instanceof AppError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details !== undefined) body.error.details = error.details;
    return { status: httpStatus[error.code], body };
  }
  // Hono's own input checks (malformed JSON, a body that is not JSON) throw these: the client's fault.
  if (error instanceof HTTPException && error.status >= 400 && error.status < 500) {
    const code = error.status === 415 ? 'unsupported_media_type' : 'invalid';
    return { status: error.status, body: { error: { code, message: error.message || 'Invalid request.' } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Internal server error' } } };
}
