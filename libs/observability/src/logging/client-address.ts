import type { IncomingMessage } from 'node:http';

const CLIENT_ADDRESS = Symbol('client-address');
type Tagged = IncomingMessage & { [CLIENT_ADDRESS]?: string };

/**
 * Fastify resolves the client address once (request.ip, after TRUST_PROXY); the log serializer
 * only sees the raw request, so the resolved address travels on it.
 */
export function rememberClientAddress(raw: IncomingMessage, address: string): void {
  (raw as Tagged)[CLIENT_ADDRESS] = address;
}

/** The resolved client address, or the socket's peer before Fastify has seen the request. */
export function clientAddressOf(raw: IncomingMessage): string | undefined {
  return (raw as Tagged)[CLIENT_ADDRESS] ?? raw.socket?.remoteAddress;
}
