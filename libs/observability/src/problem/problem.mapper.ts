import { STATUS_CODES } from 'node:http';
import type { HttpException } from '@nestjs/common';
import type { Problem } from './problem';

function fieldErrors(messages: readonly unknown[]): Problem['errors'] {
  return messages.map((m) => {
    const text = String(m);
    const field = /^([\w.[\]]+) /.exec(text)?.[1] ?? '';
    return { field, message: text };
  });
}

/** Maps Nest's HttpException (including ValidationPipe's) to a problem without leaking internals. */
export function problemFromHttpException(error: HttpException): Problem {
  const status = error.getStatus();
  const title = STATUS_CODES[status] ?? 'Error';
  const body = error.getResponse();
  if (typeof body === 'string') return { type: 'about:blank', title, status, detail: body };
  const { message, statusCode: _code, ...extensions } = body as Record<string, unknown>;
  // Nest puts the status name under `error`; terminus puts the failed dependencies there.
  if (typeof extensions.error === 'string') delete extensions.error;
  if (Array.isArray(message)) {
    return {
      ...extensions,
      type: 'about:blank',
      title,
      status,
      detail: 'The request is invalid.',
      errors: fieldErrors(message),
    };
  }
  const detail = typeof message === 'string' ? message : undefined;
  // Extensions first: a body like terminus' `{ status: 'error' }` must not replace the HTTP status.
  return { ...extensions, type: 'about:blank', title, status, ...(detail ? { detail } : {}) };
}
