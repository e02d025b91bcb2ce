import { errors } from '@elastic/elasticsearch';
import type { ElasticsearchService } from '@nestjs/elasticsearch';
import { loadConfig } from '@app/config';
import { elasticsearchClientOptions } from './client-options';
import { describeEsFailure } from './elasticsearch-access';
import { PRODUCTS_SETTINGS, withReplicas } from './products.mapping';
import { neverSent, outcomeUnknown, readOptions, sendWrite } from './request-policy';

const refused = () => new errors.ConnectionError('connect ECONNREFUSED 127.0.0.1:9212');
const reset = () =>
  new errors.ConnectionError('other side closed - Local: 127.0.0.1:5000, Remote: 127.0.0.1:9212');
const timedOut = () => new errors.TimeoutError('Request timed out');
const pool = (size: number) => ({ connectionPool: { size } }) as unknown as ElasticsearchService;

describe('request policy', () => {
  it('tells a request that never left from one whose outcome is unknown', () => {
    expect(neverSent(refused())).toBe(true);
    expect(outcomeUnknown(refused())).toBe(false);
    for (const error of [reset(), timedOut()]) {
      expect(neverSent(error)).toBe(false);
      expect(outcomeUnknown(error)).toBe(true);
    }
    expect(outcomeUnknown(new Error('x'))).toBe(false);
  });

  it('retries reads once when there is another node, never with one node', () => {
    expect(readOptions(pool(3), 900)).toEqual({ requestTimeout: 900, maxRetries: 1 });
    expect(readOptions(pool(1), 900)).toEqual({ requestTimeout: 900, maxRetries: 0 });
  });

  it('sends a write again only when it never left', async () => {
    for (const [first, expected] of [
      [refused(), 2],
      [reset(), 1],
      [timedOut(), 1],
    ] as const) {
      let calls = 0;
      const send = (options: { maxRetries?: number }) => {
        expect(options.maxRetries).toBe(0);
        calls++;
        return calls === 1 ? Promise.reject(first) : Promise.resolve('ok');
      };
      const outcome = await sendWrite(pool(3), send).catch((error: unknown) => error);
      expect(calls).toBe(expected);
      expect(outcome).toBe(expected === 2 ? 'ok' : first);
    }
    let calls = 0;
    await expect(sendWrite(pool(1), () => (calls++, Promise.reject(refused())))).rejects.toBeInstanceOf(
      errors.ConnectionError,
    );
    expect(calls).toBe(1);
  });
});

describe('client options', () => {
  it('sniffs only when ELASTICSEARCH_SNIFF=true, and retries nothing by default', () => {
    const off = elasticsearchClientOptions(loadConfig({}));
    expect(off).toMatchObject({
      maxRetries: 0,
      sniffOnStart: false,
      sniffInterval: false,
      sniffOnConnectionFault: false,
    });
    const on = elasticsearchClientOptions(loadConfig({ ELASTICSEARCH_SNIFF: 'true' }));
    expect(on).toMatchObject({ sniffOnStart: true, sniffOnConnectionFault: true });
    expect(on.sniffInterval).toBeGreaterThan(0);
  });
});

describe('index replicas', () => {
  it('auto-expands 0-1 by default, or fixes a number', () => {
    expect(withReplicas(PRODUCTS_SETTINGS, 'auto')).toMatchObject({ auto_expand_replicas: '0-1' });
    const two = withReplicas(PRODUCTS_SETTINGS, 2);
    expect(two.number_of_replicas).toBe(2);
    expect(two.auto_expand_replicas).toBeUndefined();
  });
});

describe('describeEsFailure', () => {
  const response = (statusCode: number) =>
    new errors.ResponseError({ statusCode, body: {}, headers: {}, warnings: null, meta: {} as never });

  it('names the setting to fix', () => {
    expect(describeEsFailure(response(401))).toMatch(/HTTP 401.*ELASTICSEARCH_API_KEY/);
    expect(describeEsFailure(response(403))).toMatch(/HTTP 403/);
    expect(
      describeEsFailure(new errors.ConnectionError('self-signed certificate in certificate chain')),
    ).toMatch(/not trusted \(self-signed certificate in certificate chain\): check ELASTICSEARCH_CA_FILE/);
    expect(describeEsFailure(refused())).toMatch(/^Elasticsearch is unreachable \(connect ECONNREFUSED/);
    expect(describeEsFailure(timedOut())).toBe('Elasticsearch did not answer in time');
  });
});
