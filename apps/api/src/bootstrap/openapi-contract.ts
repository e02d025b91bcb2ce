import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  HeaderObject,
  OperationObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PROBLEM_CONTENT_TYPE } from '@app/observability';
import { isRateLimited } from '../rate-limit/rate-limit';

/** Response headers, declared once under components.headers and referenced by every response. */
const HEADERS: Record<string, HeaderObject> = {
  'x-request-id': {
    description: 'Id of this request (a client-sent x-request-id is kept); also `requestId` in problems',
    schema: { type: 'string' },
  },
  'X-Cache': {
    description:
      'HIT (from Redis), MISS (from Elasticsearch, now stored), STALE (old copy), BYPASS (Redis away)',
    schema: { type: 'string', enum: ['HIT', 'MISS', 'STALE', 'BYPASS'] },
  },
  ETag: {
    description:
      'Strong validator of the data (the same across refills of unchanged results; the gzip representation ends in `-gzip"`); send it back as If-None-Match',
    schema: { type: 'string' },
  },
  Age: { description: 'Seconds since the copy was stored in Redis', schema: { type: 'integer', minimum: 0 } },
  Date: { description: 'When the copy was filled (Date + Age = now)', schema: { type: 'string' } },
  Vary: { description: '`Accept-Encoding`: stored gzip bytes or their decoding', schema: { type: 'string' } },
  'Content-Encoding': {
    description: '`gzip` when the request accepts it (the bytes as stored); absent otherwise and on a 304',
    schema: { type: 'string', enum: ['gzip'] },
  },
  'Cache-Control': {
    description: '`public, max-age=<ttl s>` plus stale-while-revalidate / stale-if-error when enabled',
    schema: { type: 'string', example: 'public, max-age=60, stale-if-error=300' },
  },
  'Retry-After': {
    description: 'Seconds until the client may retry',
    schema: { type: 'integer', minimum: 1 },
  },
};
const CACHE_HEADERS = ['X-Cache', 'ETag', 'Age', 'Cache-Control', 'Date', 'Vary'];
const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const headerRefs = (names: string[]): Record<string, ReferenceObject> =>
  Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));

/** A problem body; a schema the route declared (terminus' health details) adds extension members. */
function problemContent(response: ResponseObject): ResponseObject['content'] {
  const declared = response.content?.['application/json']?.schema as SchemaObject | undefined;
  const { status: _status, ...extensions } = declared?.properties ?? {};
  const schema =
    Object.keys(extensions).length > 0
      ? { allOf: [PROBLEM_REF, { type: 'object', properties: extensions } as SchemaObject] }
      : PROBLEM_REF;
  return { [PROBLEM_CONTENT_TYPE]: { schema } };
}

function completeOperation(path: string, operation: OperationObject): void {
  const responses = operation.responses as Record<string, ResponseObject>;
  // @CacheAside() declares 304: that is what marks a cached route in the document.
  const cached = '304' in responses;
  if (operation.requestBody || (operation.parameters ?? []).length > 0) {
    responses['400'] ??= { description: 'Invalid request; `errors` names each invalid field' };
  }
  responses['500'] ??= { description: 'Unexpected failure; the body names the request id, never internals' };
  if (isRateLimited(path)) {
    responses['429'] ??= { description: 'Over the per-client rate limit (code RATE_LIMITED)' };
  }
  for (const [status, response] of Object.entries(responses)) {
    const code = Number(status);
    const headers = ['x-request-id'];
    const ok = code >= 200 && code < 300;
    if (cached && (code === 304 || ok)) headers.push(...CACHE_HEADERS);
    // A 304 carries no content headers.
    if (cached && ok) headers.push('Content-Encoding');
    if (code === 429) headers.push('Retry-After');
    if (code >= 400) response.content = problemContent(response);
    // A header a route documents itself (richer, route-specific) stays as the route wrote it.
    response.headers = { ...headerRefs(headers), ...response.headers };
  }
}

/**
 * What every operation shares, added in one place rather than on each route: the Problem schema
 * on every 4xx/5xx, 400 where the request carries input, 500 everywhere, 429 (with Retry-After) where rate limits apply, the request
 * id header on every response, and the cache headers on the 2xx/304 of cached routes.
 */
export function completeContract(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, headers: { ...document.components?.headers, ...HEADERS } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) completeOperation(path, operation);
    }
  }
  return document;
}
