import request from 'supertest';
import { dropTestData } from './support/cleanup';
import { startTestApp, type TestApp } from './support/test-app';
import { testConfig } from './support/test-config';

// Nothing listens on port 1 of loopback: connections are refused at once.
const DEAD_URL = { es: 'http://127.0.0.1:1', redis: 'redis://127.0.0.1:1' };

describe('health endpoints', () => {
  const apps: TestApp[] = [];
  const start = async (overrides: Record<string, string> = {}): Promise<TestApp> => {
    const app = await startTestApp(testConfig(overrides));
    apps.push(app);
    return app;
  };
  afterAll(async () => {
    for (const app of apps) {
      await app.close();
      await dropTestData(app.config);
    }
  });

  it('is ready with both dependencies up', async () => {
    const { url } = await start();
    await request(url).get('/health').expect(200, { status: 'ok' });
    const ready = await request(url).get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      details: { elasticsearch: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('reports 503 naming Redis when Redis is down, while liveness stays 200', async () => {
    const { url } = await start({ REDIS_URL: DEAD_URL.redis });
    await request(url).get('/health').expect(200);
    const ready = await request(url).get('/health/ready').expect(503);
    expect(ready.headers['content-type']).toContain('application/problem+json');
    expect(ready.body).toMatchObject({
      status: 503,
      title: 'Service Unavailable',
      error: { redis: { status: 'down' } },
      details: { elasticsearch: { status: 'up' }, redis: { status: 'down' } },
    });
  });

  it('reports 503 naming Elasticsearch when Elasticsearch is down', async () => {
    const { url } = await start({ ELASTICSEARCH_NODE: DEAD_URL.es, ELASTICSEARCH_TIMEOUT_MS: '500' });
    await request(url).get('/health').expect(200);
    const ready = await request(url).get('/health/ready').expect(503);
    expect(ready.body).toMatchObject({
      error: { elasticsearch: { status: 'down' } },
      details: { redis: { status: 'up' } },
    });
  });

  it('answers unknown routes with a problem+json 404 and a request id', async () => {
    const { url } = await start();
    const res = await request(url).get('/nope').set('x-request-id', 'trace-123').expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['x-request-id']).toBe('trace-123');
    expect(res.body).toMatchObject({ status: 404, title: 'Not Found', requestId: 'trace-123' });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
  });
});
