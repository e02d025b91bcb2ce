import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { TrustProxy } from '@app/config';

/** Whether the hop-th address from the socket's end (0 = the peer) is a proxy we trust. */
export type TrustProxyFn = (address: string, hop: number) => boolean;

export interface ClientAddressResolver {
  /** Given to Fastify as its `trustProxy`, so request.ip and `of()` use one function. */
  readonly trust: TrustProxyFn | false;
  /** The client address of a raw request, as Fastify's request.ip gives it. */
  of(req: IncomingMessage): string | undefined;
}

/**
 * TRUST_PROXY compiled once, for Fastify (request.ip: rate limits, logs) and for code that answers
 * before Fastify sees the request (the cache edge's read limit): the same proxy-addr function.
 */
export function clientAddressResolver(trustProxy: TrustProxy): ClientAddressResolver {
  if (trustProxy === false) return { trust: false, of: (req) => req.socket?.remoteAddress };
  const trust: TrustProxyFn =
    typeof trustProxy === 'number' ? (_address, hop) => hop < trustProxy : proxyAddr.compile([...trustProxy]);
  return { trust, of: (req) => proxyAddr(req, trust) };
}
