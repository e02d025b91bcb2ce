import type { IncomingMessage } from 'node:http';

const RESOLVER = Symbol('client-address');
type Tagged = IncomingMessage & { [RESOLVER]?: { readonly ip: string } };

/**
 * Fastify resolves the client address (request.ip, after TRUST_PROXY); the log serializer only
 * sees the raw request, so the Fastify request travels on it and is asked only when a line is logged.
 */
export function rememberClientAddress(raw: IncomingMessage, resolver: { readonly ip: string }): void {
  (raw as Tagged)[RESOLVER] = resolver;
}

/** The resolved client address, or the socket's peer before Fastify has seen the request. */
export function clientAddressOf(raw: IncomingMessage): string | undefined {
  return (raw as Tagged)[RESOLVER]?.ip ?? raw.socket?.remoteAddress;
}
