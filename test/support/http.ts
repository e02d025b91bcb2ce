/** A response as the client got it: raw body bytes, so byte-identical bodies can be compared. */
export interface RawResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  /** X-Cache: HIT, MISS, STALE or BYPASS. */
  cache: string | null;
  requestId: string | null;
  elapsedMs: number;
}

export async function getRaw(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const startedMs = performance.now();
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  const body = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    headers: res.headers,
    body,
    cache: res.headers.get('x-cache'),
    requestId: res.headers.get('x-request-id'),
    elapsedMs: performance.now() - startedMs,
  };
}

export function json<T = unknown>(res: RawResponse): T {
  return JSON.parse(res.body.toString()) as T;
}

export async function send(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, {
    method,
    // No content-type without a body: Fastify rejects an empty JSON body.
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}
