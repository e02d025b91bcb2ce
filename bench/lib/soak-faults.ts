/**
 * The soak's engines and the faults it injects into them: the 3-node Elasticsearch cluster and
 * the Redis topology of `stack/cluster.sh`. Every fault is repaired by the stack script itself
 * (idempotent `up`: it starts only what is missing), so the stack is whole after the soak.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './processes';

export const REDIS_TOPOLOGIES = ['standalone', 'sentinel', 'cluster'] as const;
export type RedisTopology = (typeof REDIS_TOPOLOGIES)[number];

export const CLUSTER_ES_NODES = ['http://127.0.0.1:9211', 'http://127.0.0.1:9212', 'http://127.0.0.1:9213'];
const SENTINELS = ['127.0.0.1:26379', '127.0.0.1:26380', '127.0.0.1:26381'];
const SENTINEL_MASTER = 'catalog';
const REDIS_CLUSTER_PORTS = [7001, 7002, 7003, 7004, 7005, 7006];

/** What the API instances need to reach Redis in each topology. */
export function redisEnv(topology: RedisTopology, standaloneUrl: string): Record<string, string> {
  switch (topology) {
    case 'standalone':
      return { REDIS_URL: standaloneUrl };
    case 'sentinel':
      return { REDIS_SENTINELS: SENTINELS.join(','), REDIS_SENTINEL_NAME: SENTINEL_MASTER };
    case 'cluster':
      return { REDIS_CLUSTER_NODES: REDIS_CLUSTER_PORTS.map((p) => `redis://127.0.0.1:${p}`).join(',') };
  }
}

/**
 * The API reads only the variables its schema knows (every one is in .env.example, a unit spec
 * makes sure): a topology whose variables are missing would silently run on the default Redis.
 */
export function unsupportedRedisVariables(root: string, topology: RedisTopology): string[] {
  const example = readFileSync(join(root, '.env.example'), 'utf8');
  return Object.keys(redisEnv(topology, '')).filter((name) => !new RegExp(`^${name}=`, 'm').test(example));
}

export interface Fault {
  readonly name: string;
  /** Returns what was done, for the timeline. */
  inject(): Promise<string>;
  repair(): Promise<string>;
}

export function stackUp(root: string, part: 'es' | 'sentinel' | 'redis-cluster'): Promise<string> {
  return run('bash', [join(root, 'stack', 'cluster.sh'), 'up', part], process.env, false);
}

function pidIn(file: string): number {
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no pid in ${file}`);
  return pid;
}

/** Kills (SIGKILL, as a crash) the Elasticsearch node holding the primary of `alias`, and restarts it. */
export function elasticsearchNodeFault(root: string, alias: string): Fault {
  let killed = '';
  return {
    name: 'elasticsearch node',
    async inject() {
      const node = await primaryHolder(alias);
      process.kill(pidIn(join(root, '.stack', 'cluster', `es-${node}`, 'es.pid')), 'SIGKILL');
      killed = `cluster-es-${node}`;
      return `killed ${killed} (holds the primary of ${alias})`;
    },
    async repair() {
      const startedMs = performance.now();
      await stackUp(root, 'es');
      return `restarted ${killed}; cluster of 3 again after ${((performance.now() - startedMs) / 1000).toFixed(0)} s`;
    },
  };
}

async function primaryHolder(alias: string): Promise<number> {
  for (const node of CLUSTER_ES_NODES) {
    try {
      const res = await fetch(`${node}/_cat/shards/${alias}?format=json&h=prirep,state,node`);
      const shards = (await res.json()) as { prirep: string; state: string; node: string }[];
      const primary = shards.find((s) => s.prirep === 'p' && s.state === 'STARTED');
      const n = Number(/cluster-es-(\d)$/.exec(primary?.node ?? '')?.[1]);
      if (n >= 1 && n <= 3) return n;
    } catch {
      // that node is down: ask the next one
    }
  }
  throw new Error(`no started primary of ${alias} on the cluster`);
}

/**
 * Kills the Redis master of the topology and restarts it later (it comes back as a replica of
 * the promoted one). Standalone Redis has nothing to fail over to — and on this machine it is
 * shared — so there the fault is skipped, with the reason.
 */
export function redisMasterFault(root: string, topology: RedisTopology): Fault | { skipped: string } {
  if (topology === 'standalone') {
    return {
      skipped:
        'Redis master fault skipped: standalone Redis has no replica to promote (and 6379 is shared); run with --redis sentinel or --redis cluster',
    };
  }
  const part = topology === 'sentinel' ? 'sentinel' : 'redis-cluster';
  let killed = 0;
  return {
    name: 'redis master',
    async inject() {
      killed = topology === 'sentinel' ? await sentinelMasterPort() : await clusterMasterPort();
      process.kill(pidIn(join(root, '.stack', 'cluster', `redis-${killed}`, 'redis.pid')), 'SIGKILL');
      return `killed the Redis ${topology} master on port ${killed}`;
    },
    async repair() {
      await stackUp(root, part);
      return `restarted Redis on port ${killed} (rejoins as a replica)`;
    },
  };
}

async function sentinelMasterPort(): Promise<number> {
  const [host, port] = SENTINELS[0].split(':');
  const out = await run(
    'redis-cli',
    ['-h', host, '-p', port, 'sentinel', 'get-master-addr-by-name', SENTINEL_MASTER],
    process.env,
    false,
  );
  const masterPort = Number(out.trim().split('\n')[1]);
  if (!masterPort) throw new Error(`sentinel does not know master ${SENTINEL_MASTER}: ${out}`);
  return masterPort;
}

async function clusterMasterPort(): Promise<number> {
  const out = await run(
    'redis-cli',
    ['-p', String(REDIS_CLUSTER_PORTS[0]), 'cluster', 'nodes'],
    process.env,
    false,
  );
  const master = out
    .split('\n')
    .map((line) => line.split(' '))
    .find((fields) => fields[2]?.split(',').includes('master') && !fields[2].includes('fail'));
  const port = Number(/:(\d+)@/.exec(master?.[1] ?? '')?.[1]);
  if (!port) throw new Error(`no live master in: ${out}`);
  return port;
}
