/**
 * Every request body is capped before anything reads it: a sign-in or any JSON route, anonymous
 * ones included, must not let a client make the server buffer megabytes it will refuse anyway.
 * A declared Content-Length over the limit is refused without reading a byte; a chunked body is
 * counted while it streams and cut off at the limit. Uploads have their own, larger limit
 * (`MAX_UPLOAD_BYTES`, api/files.ts), so they are exempt here.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from './errors.ts';

export function requestBodyLimit(maxBytes: number, exempt: (c: Context) => boolean): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError(
        'payload_too_large',
        `The request is larger than ${describeBytes(maxBytes)}, the most Atrium accepts.`,
      );
    },
  });
  return (c, next) => (exempt(c) ? next() : limit(c, next));
}

function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
