import { request } from 'node:http';
import { type ApiProcess, startApiProcess } from './support/api-process';
import { dropTestData } from './support/cleanup';
import { eventually } from './support/es';
import { withinOneRateWindow } from './support/rate-window';
import { testConfig } from './support/test-config';

/**
 * TRUST_PROXY decides whose X-Forwarded-For names the client, and so whose read limit a request
 * counts against and which address its log line carries. Loopback stands in for the network: a
 * "proxy" connects from 127.0.0.1, an untrusted client from 127.0.0.2 (both are on lo).
 */
const LIMIT = 3;

interface Answer {
  status: number;
  requestId: string;
}

function get(api: ApiProcess, forwardedFor: string, from = '127.0.0.1', q = 'proxy'): Promise<Answer> {
  const url = new URL(`/search?q=${q}`, api.url);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { localAddress: from, headers: { 'x-forwarded-for': forwardedFor }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, requestId: String(res.headers['x-request-id']) }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The `req` of the request's logged lines (a miss logs its Elasticsearch query and its fill). */
async function loggedReq(api: ApiProcess, answer: Answer): Promise<unknown> {
  let req: unknown;
  await eventually(() => {
    req = api.logsOf(answer.requestId).find((line) => line.event === 'cache.miss')?.req;
    if (req === undefined) throw new Error(`no cache.miss line for request ${answer.requestId} yet`);
    return Promise.resolve();
  }, 5_000);
  return req;
}

async function statuses(api: ApiProcess, forwardedFor: string[], from?: string): Promise<number[]> {
  const result: number[] = [];
  for (const address of forwardedFor) result.push((await get(api, address, from)).status);
  return result;
}

describe('TRUST_PROXY: the client address behind a load balancer', () => {
  const started: { api: ApiProcess; config: ReturnType<typeof testConfig> }[] = [];
  const start = async (trustProxy?: string): Promise<ApiProcess> => {
    const config = testConfig();
    const api = await startApiProcess(config, {
      RATE_LIMIT_READ_PER_MIN: String(LIMIT),
      ...(trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy }),
    });
    started.push({ api, config });
    await withinOneRateWindow();
    return api;
  };
  afterAll(async () => {
    for (const { api, config } of started) {
      await api.stop();
      await dropTestData(config);
    }
  });

  it('set to the proxy: two clients behind it get separate read limits, and logs name each client', async () => {
    const api = await start('127.0.0.1');
    expect(await statuses(api, ['198.51.100.1', '198.51.100.1', '198.51.100.1'])).toEqual([200, 200, 200]);
    expect((await get(api, '198.51.100.1')).status).toBe(429);
    // A query of its own, so it is a miss, which logs its request (hits log a lean line).
    const other = await get(api, '198.51.100.2', '127.0.0.1', 'other');
    expect(other.status).toBe(200);
    expect(await loggedReq(api, other)).toMatchObject({ remoteAddress: '198.51.100.2' });
  });

  it('a hop count works the same for one proxy in front', async () => {
    const api = await start('1');
    expect(await statuses(api, ['198.51.100.3', '198.51.100.3', '198.51.100.3', '198.51.100.3'])).toEqual([
      200, 200, 200, 429,
    ]);
    expect((await get(api, '198.51.100.4')).status).toBe(200);
  });

  it('not set: everyone behind the proxy shares the proxy address and one limit', async () => {
    const api = await start();
    const first = await get(api, '198.51.100.5');
    expect(await loggedReq(api, first)).toMatchObject({ remoteAddress: '127.0.0.1' });
    expect(await statuses(api, ['198.51.100.6', '198.51.100.7'])).toEqual([200, 200]);
    expect((await get(api, '198.51.100.8')).status).toBe(429);
    const other = await get(api, '198.51.100.9', '127.0.0.1', 'other');
    expect(other.status).toBe(429);
  });

  it('a spoofed X-Forwarded-For from an untrusted address is ignored', async () => {
    const api = await start('127.0.0.1');
    const first = await get(api, '203.0.113.9', '127.0.0.2', 'spoof');
    expect(await loggedReq(api, first)).toMatchObject({ remoteAddress: '127.0.0.2' });
    // 127.0.0.2 is not the trusted proxy: a fresh forged address per request buys no fresh budget.
    expect(await statuses(api, ['203.0.113.1', '203.0.113.2'], '127.0.0.2')).toEqual([200, 200]);
    expect((await get(api, '203.0.113.4', '127.0.0.2')).status).toBe(429);
  });
});
