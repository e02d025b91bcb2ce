import type { IncomingMessage } from 'node:http';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { genRequestId } from './request-id';

/**
 * A request as its log lines name it (`req`: id, method, url; the client's address from `raw`,
 * resolved only when a line is written). Handed to the code that logs for a request: no async
 * context carries it, since an AsyncLocalStorage puts hooks on every promise of every cache hit.
 */
export interface LoggedRequest {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly raw?: IncomingMessage;
}

export function loggedRequest(raw: IncomingMessage): LoggedRequest {
  return { id: genRequestId(raw), method: raw.method ?? 'GET', url: raw.url ?? '/', raw };
}

/** A handler's parameter: the request it answers, for the log lines of what it calls. */
export const LoggedReq = createParamDecorator((_: unknown, context: ExecutionContext): LoggedRequest =>
  loggedRequest(context.switchToHttp().getRequest<FastifyRequest>().raw),
);
