import { createClient, type RedisClientType } from '@keyv/redis';
import { loadConfigFromProcess } from '@app/config';

/** A raw client on the run's Redis, for asserting on what Redis itself holds (keys, TTLs). */
export async function rawRedis(): Promise<RedisClientType> {
  const client = createClient({ url: loadConfigFromProcess().redis.url }) as RedisClientType;
  await client.connect();
  return client;
}
