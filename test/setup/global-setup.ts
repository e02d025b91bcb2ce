import { createClient } from '@keyv/redis';
import { loadConfigFromProcess } from '../../libs/config/src';

/** Fails the e2e run early, with the fix, when the real stack is not up. */
export default async function globalSetup(): Promise<void> {
  const config = loadConfigFromProcess();
  const node = config.elasticsearch.nodes[0];
  try {
    const response = await fetch(node, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    throw new Error(`e2e needs a real Elasticsearch at ${node} (${String(error)}); run: npm run stack:up`);
  }
  const redis = createClient({
    url: config.redis.url,
    socket: { connectTimeout: 3_000, reconnectStrategy: false },
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(
      `e2e needs a real Redis at ${withoutPassword(config.redis.url)} (${String(error)}); run: npm run stack:up`,
    );
  } finally {
    if (redis.isOpen) await redis.close();
  }
}

/** REDIS_URL may carry a password (redis://user:password@host): never print it. */
function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.href;
}
