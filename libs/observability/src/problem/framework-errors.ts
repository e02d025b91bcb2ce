import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, type Problem } from './problem';

/** Details for the errors Fastify's router raises before any route (and Nest) is involved. */
const FRAMEWORK_DETAIL: Readonly<Record<string, { status: number; detail: string }>> = {
  FST_ERR_BAD_URL: { status: 400, detail: 'The URL is not valid (malformed percent-encoding).' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, detail: 'A path segment of the URL is too long.' },
};

/**
 * Fastify's `frameworkErrors` option: a malformed URL or an over-long path segment is answered
 * as problem+json like every other error, instead of Fastify's own JSON shape.
 */
export function problemFrameworkErrors(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const known = FRAMEWORK_DETAIL[error.code];
  const status = known?.status ?? 400;
  const problem: Problem = {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: known?.detail ?? 'The request is invalid.',
    requestId: String(request.id),
  };
  void reply
    .status(status)
    .header('x-request-id', request.id)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem));
}

/** Node's parser errors Fastify hands to `clientErrorHandler`, with what the client is told. */
function clientErrorStatus(code: string | undefined): { status: number; detail: string } {
  if (code === 'HPE_HEADER_OVERFLOW')
    return { status: 431, detail: 'The request line and headers exceed 16 KiB.' };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, detail: 'The request took too long to arrive.' };
  return { status: 400, detail: 'The request is not valid HTTP.' };
}

/**
 * Fastify's `clientErrorHandler`: requests Node's HTTP parser refuses (oversized headers or URL,
 * malformed request lines) never reach a route, so the answer is written to the socket here —
 * still problem+json, and the connection is closed as Node does.
 */
export function problemClientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const { status, detail } = clientErrorStatus(error.code);
    const title = STATUS_CODES[status] ?? 'Error';
    const body = JSON.stringify({ type: 'about:blank', title, status, detail });
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
