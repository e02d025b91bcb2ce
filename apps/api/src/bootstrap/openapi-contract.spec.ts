import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Response {
  headers?: Record<string, { $ref: string }>;
  content?: Record<string, { schema: Record<string, unknown> }>;
}
interface Document {
  paths: Record<string, Record<string, { responses: Record<string, Response> }>>;
  components: { schemas: Record<string, { required?: string[] }>; headers: Record<string, unknown> };
}

// The committed document (npm run openapi:check keeps it equal to what the code generates).
const doc = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', '..', 'docs/openapi.json'), 'utf8'),
) as Document;
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, path, op })),
);
const usesProblem = (schema: Record<string, unknown>) =>
  JSON.stringify(schema).includes('"#/components/schemas/Problem"');

describe('the OpenAPI contract (docs/openapi.json)', () => {
  it('has one Problem schema with the RFC 9457 members, requestId and code', () => {
    const problem = doc.components.schemas.Problem as { required: string[]; properties: object };
    expect(Object.keys(problem.properties)).toEqual(
      expect.arrayContaining([
        'type',
        'title',
        'status',
        'detail',
        'instance',
        'requestId',
        'code',
        'errors',
      ]),
    );
    expect(problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'requestId']));
  });

  it('declares the response headers once, under components.headers', () => {
    expect(Object.keys(doc.components.headers).sort()).toEqual(
      [
        'Age',
        'Cache-Control',
        'Content-Encoding',
        'Date',
        'ETag',
        'Retry-After',
        'Vary',
        'X-Cache',
        'x-request-id',
      ].sort(),
    );
  });

  it.each(operations)('$name: every 4xx/5xx is problem+json, every response has x-request-id', ({ op }) => {
    expect(op.responses['500']).toBeDefined();
    for (const [status, response] of Object.entries(op.responses)) {
      expect(response.headers?.['x-request-id']).toBeDefined();
      if (Number(status) < 400) continue;
      expect(Object.keys(response.content ?? {})).toEqual(['application/problem+json']);
      expect(usesProblem(response.content!['application/problem+json'].schema)).toBe(true);
    }
  });

  it('documents 429 with Retry-After wherever a rate limit applies, and nowhere else', () => {
    for (const { name, path, op } of operations) {
      const limited = !/^\/(health|metrics)/.test(path);
      expect([name, op.responses['429']?.headers?.['Retry-After']]).toEqual([
        name,
        limited ? expect.anything() : undefined,
      ]);
    }
  });

  it('documents 304 and the cache headers on the cached GETs only', () => {
    const cached = operations.filter(({ op }) => '304' in op.responses).map(({ name }) => name);
    expect(cached.sort()).toEqual(['GET /catalog/products/{id}', 'GET /search', 'GET /search/suggest']);
    // The Algolia multi-query documents its own X-Cache (the summary of its queries' states) and
    // Cache-Control (no-store: the answer is assembled per call), and none of the stored-copy headers.
    const own: Record<string, readonly string[]> = {
      'POST /1/indexes/{indexName}/queries': ['X-Cache', 'Cache-Control'],
    };
    for (const { name: operation, op } of operations) {
      const isCached = '304' in op.responses;
      for (const status of ['200', '304']) {
        const headers = op.responses[status]?.headers ?? {};
        for (const name of ['X-Cache', 'ETag', 'Age', 'Cache-Control', 'Date', 'Vary']) {
          const documented =
            (isCached && op.responses[status]) || (status === '200' && own[operation]?.includes(name));
          expect([operation, name, headers[name]]).toEqual([
            operation,
            name,
            documented ? expect.anything() : undefined,
          ]);
        }
        // Content headers on the 200 only: a 304 has none.
        expect(['Content-Encoding', status, headers['Content-Encoding']]).toEqual([
          'Content-Encoding',
          status,
          isCached && status === '200' ? expect.anything() : undefined,
        ]);
      }
    }
  });

  it('gives /health and /metrics response schemas', () => {
    const live = doc.paths['/health'].get.responses['200'].content!['application/json'].schema;
    expect(live).toMatchObject({ properties: { status: { enum: ['ok'] } } });
    const metrics = doc.paths['/metrics'].get.responses['200'].content!['text/plain'].schema;
    expect(metrics).toMatchObject({ type: 'string' });
    const ready = doc.paths['/health/ready'].get.responses;
    expect(ready['200'].content!['application/json'].schema).toMatchObject({ properties: { details: {} } });
    expect(usesProblem(ready['503'].content!['application/problem+json'].schema)).toBe(true);
  });
});
