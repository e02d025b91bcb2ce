import { Client } from '@elastic/elasticsearch';
import { createClient } from '@keyv/redis';
import type { AppConfig } from '@app/config';
import { assertTestPrefix } from './test-config';

/** Deletes the indices and Redis keys of one test config (and nothing else). */
export async function dropTestData(config: AppConfig): Promise<void> {
  const { indexPrefix } = config.elasticsearch;
  const { keyPrefix } = config.cache;
  assertTestPrefix(indexPrefix);
  assertTestPrefix(keyPrefix);
  const es = new Client({ nodes: [...config.elasticsearch.nodes] });
  try {
    await es.indices.delete({ index: `${indexPrefix}-*`, ignore_unavailable: true, allow_no_indices: true });
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
