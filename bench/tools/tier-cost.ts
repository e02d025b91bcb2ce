/**
 * Cost per cache hit of the layers issue 10 asks to weigh, in one process, no HTTP: a hit's
 * lookup through cache-manager 7 (Keyv stores) against the same lookup done directly.
 * - L2: node-redis GET with Buffer replies vs cache-manager over Keyv + @keyv/redis;
 * - L1: a Map get vs cache-manager over Keyv's in-memory store.
 * Interleaved rounds, medians of µs of CPU (user+system) per hit; 50 lookups in flight for L2,
 * like the bench's 50 connections. Usage: ts-node bench/tools/tier-cost.ts [--rounds 5] [--n 20000]
 */
import { createCache } from 'cache-manager';
import KeyvRedis, { createClient, Keyv } from '@keyv/redis';
import { RESP_TYPES } from '@redis/client';
import { median } from '../lib/stats';
import { numberFlag } from '../lib/flags';

const KEY = 'bench:tier-cost';
const BODY = Buffer.from(
  JSON.stringify({ hits: Array.from({ length: 20 }, (_, i) => ({ id: i, text: 'x'.repeat(450) })) }),
);
const IN_FLIGHT = 50;

type Lookup = () => Promise<unknown>;

async function cpuUsPerOp(lookup: Lookup, n: number, inFlight: number): Promise<number> {
  const start = process.cpuUsage();
  for (let done = 0; done < n; done += inFlight) await Promise.all(Array.from({ length: inFlight }, lookup));
  const used = process.cpuUsage(start);
  return (used.user + used.system) / n;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const rounds = numberFlag(argv, 'rounds', 5);
  const n = numberFlag(argv, 'n', 20_000);
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

  const client = createClient({ url });
  await client.connect();
  const binary = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  await binary.set(KEY, BODY, { PX: 600_000 });

  const l2Manager = createCache({ stores: [new Keyv({ store: new KeyvRedis(url), namespace: 'bench' })] });
  await l2Manager.set(KEY, BODY.toString('latin1'), 600_000);
  const map = new Map<string, Buffer>([[KEY, BODY]]);
  const l1Manager = createCache({ stores: [new Keyv()] });
  await l1Manager.set(KEY, BODY, 600_000);

  const targets: Record<string, [Lookup, number]> = {
    'L2 direct (node-redis GET, Buffer)': [() => binary.get(KEY), IN_FLIGHT],
    'L2 cache-manager (Keyv + @keyv/redis)': [() => l2Manager.get(KEY), IN_FLIGHT],
    'L1 direct (Map.get)': [() => Promise.resolve(map.get(KEY)), 1],
    'L1 cache-manager (Keyv in-memory)': [() => l1Manager.get(KEY), 1],
  };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
  for (const [lookup, inFlight] of Object.values(targets)) await cpuUsPerOp(lookup, n / 10, inFlight);
  for (let round = 0; round < rounds; round++) {
    for (const [name, [lookup, inFlight]] of Object.entries(targets)) {
      samples[name].push(await cpuUsPerOp(lookup, n, inFlight));
    }
  }
  console.log(`| lookup | CPU µs per hit (median of ${rounds} × ${n}) |\n| --- | --- |`);
  for (const [name, values] of Object.entries(samples))
    console.log(`| ${name} | ${median(values).toFixed(2)} |`);
  await client.del(KEY);
  await client.close();
  await l2Manager.disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
