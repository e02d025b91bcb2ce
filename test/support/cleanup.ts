import { Client } from '@elastic/elasticsearch';
import { createClient } from '@keyv/redis';
import { type AppConfig, loadConfigFromProcess } from '@app/config';
import { assertTestPrefix } from './test-config';

/**
 * Deletes the indices and Redis keys of one test config (and nothing else). Connects to the
 * run's real stack, not to the config's URLs, which some tests point at dead ports on purpose.
 */
export async function dropTestData(testConfig: AppConfig): Promise<void> {
  const { indexPrefix } = testConfig.elasticsearch;
  const { keyPrefix } = testConfig.cache;
  const config = loadConfigFromProcess();
  assertTestPrefix(indexPrefix);
  assertTestPrefix(keyPrefix);
  const es = new Client({ nodes: [...config.elasticsearch.nodes] });
  try {
    await deleteIndicesOf(es, indexPrefix);
  } finally {
    await es.close();
  }
  const redis = createClient({ url: config.redis.url });
  await redis.connect();
  try {
    for await (const keys of redis.scanIterator({ MATCH: `${keyPrefix}:*`, COUNT: 500 })) {
      if (keys.length > 0) await redis.del(keys);
    }
  } finally {
    await redis.close();
  }
}

/** Every index of a test prefix on the node `es` talks to. */
export async function deleteIndicesOf(es: Client, indexPrefix: string): Promise<void> {
  assertTestPrefix(indexPrefix);
  // Wildcard deletes are refused (action.destructive_requires_name): resolve the names first.
  const found = await es.indices.get({
    index: `${indexPrefix}-*`,
    allow_no_indices: true,
    expand_wildcards: 'all',
  });
  const names = Object.keys(found);
  if (names.length > 0) await es.indices.delete({ index: names });
}
