import { type ApiProcess, startApiProcess } from './support/api-process';
import { dropTestData } from './support/cleanup';
import { eventually } from './support/es';
import { getRaw, json, send } from './support/http';
import {
  dropSecureTestIndices,
  requireSecureNode,
  SECURE_CA_FILE,
  SECURE_URL,
  secureCredentials,
} from './support/secure-es';
import { startTestApp, type TestApp } from './support/test-app';
import { makeTestCertificates, type TestCertificates } from './support/test-certificates';
import { testConfig } from './support/test-config';

// The node of `npm run stack:secure:up` (scripts/test-all.sh starts it).
jest.setTimeout(120_000);

interface Problem {
  status: number;
  title: string;
  detail?: string;
  code?: string;
}

describe('Elasticsearch with security on: TLS with a private CA, API key or user + password', () => {
  const prefixes: string[] = [];
  const closers: (() => Promise<void>)[] = [];
  let otherCa: TestCertificates;

  beforeAll(async () => {
    await requireSecureNode();
    otherCa = await makeTestCertificates();
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    for (const prefix of prefixes) await dropSecureTestIndices(prefix);
    await otherCa?.remove();
  });

  const secureConfig = (overrides: Record<string, string>) => {
    const config = testConfig({ ELASTICSEARCH_NODE: SECURE_URL, ...overrides });
    prefixes.push(config.elasticsearch.indexPrefix);
    closers.push(() => dropTestData(config));
    return config;
  };

  it.each([
    ['an API key', () => ({ ELASTICSEARCH_API_KEY: secureCredentials().apiKey })],
    [
      'a user and password',
      () => ({
        ELASTICSEARCH_USERNAME: secureCredentials().username,
        ELASTICSEARCH_PASSWORD: secureCredentials().password,
      }),
    ],
  ])('works with %s and the CA: ready, writes, searches', async (_, credentials) => {
    const app: TestApp = await startTestApp(
      secureConfig({ ...credentials(), ELASTICSEARCH_CA_FILE: SECURE_CA_FILE }),
    );
    closers.push(() => app.close());
    const ready = await getRaw(`${app.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(json(ready)).toMatchObject({ details: { elasticsearch: { status: 'up', index: 'green' } } });

    const created = await send('POST', `${app.url}/catalog/products`, {
      id: 'tls-1',
      title: 'Secured Kettle',
    });
    expect(created.status).toBe(201);
    const found = await getRaw(`${app.url}/search?q=kettle`);
    expect(found.status).toBe(200);
    expect(json<{ hits: { id: string }[] }>(found).hits.map((hit) => hit.id)).toEqual(['tls-1']);
  });

  const misconfigured = async (extra: Record<string, string>): Promise<ApiProcess> => {
    const config = secureConfig({});
    const api = await startApiProcess(config, { LOG_LEVEL: 'info', ...extra });
    closers.push(() => api.stop());
    return api;
  };

  it.each([
    [
      'a wrong API key',
      () => ({
        ELASTICSEARCH_API_KEY: Buffer.from('not-an-id:not-a-key').toString('base64'),
        ELASTICSEARCH_CA_FILE: SECURE_CA_FILE,
      }),
      /refused our credentials \(HTTP 401\): check ELASTICSEARCH_API_KEY/,
    ],
    [
      'a CA that did not sign the node',
      () => ({ ELASTICSEARCH_API_KEY: secureCredentials().apiKey, ELASTICSEARCH_CA_FILE: otherCa.caFile }),
      /TLS certificate is not trusted \(.+\): check ELASTICSEARCH_CA_FILE/,
    ],
  ])(
    'with %s: one clear log line, readiness 503, requests answered with a problem, no crash',
    async (_, settings, message) => {
      const env = settings();
      const api = await misconfigured(env);

      // Several probes and requests over the boot's retries: the cause is still logged once.
      for (let i = 0; i < 3; i++) {
        const ready = await getRaw(`${api.url}/health/ready`);
        expect(ready.status).toBe(503);
        expect(json(ready)).toMatchObject({ error: { elasticsearch: { status: 'down' } } });
        expect(
          json<{ error: { elasticsearch: { message: string } } }>(ready).error.elasticsearch.message,
        ).toMatch(message);
        await new Promise((resolve) => setTimeout(resolve, 700));
      }
      for (const path of ['/search?q=kettle', '/search/suggest?q=ket', '/catalog/products/tls-1']) {
        const res = await getRaw(`${api.url}${path}`);
        expect(res.status).toBe(503);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        const problem = json<Problem>(res);
        expect(problem).toMatchObject({ status: 503, title: 'Service Unavailable' });
        expect(res.body.toString()).not.toMatch(/at .*\.js:\d+|stack|ResponseError|ConnectionError/);
      }
      const write = await send('POST', `${api.url}/catalog/products`, { id: 'tls-2', title: 'No' });
      expect(write).toMatchObject({ status: 503, body: { code: 'CATALOG_STORE_UNAVAILABLE' } });
      expect((await getRaw(`${api.url}/health`)).status).toBe(200);

      const causes = await eventually(() => {
        const lines = api.logs().filter((line) => line.event === 'elasticsearch.unusable');
        if (lines.length === 0) throw new Error('no elasticsearch.unusable line yet');
        return Promise.resolve(lines);
      });
      expect(causes).toHaveLength(1);
      expect(causes[0].msg).toMatch(message);
      // The secret is in no log line.
      const secret = env.ELASTICSEARCH_API_KEY;
      expect(JSON.stringify(api.logs())).not.toContain(secret);
    },
  );
});
