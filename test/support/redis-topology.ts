import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient, type RedisClientType } from '@redis/client';
import { REPO_ROOT } from './paths';

/** The local engines of `stack/cluster.sh` (issue 11): Redis Cluster and a Sentinel group. */
export const CLUSTER_PORTS = [7001, 7002, 7003, 7004, 7005, 7006];
export const SENTINEL_PORTS = [26379, 26380, 26381];
export const SENTINEL_NAME = 'catalog';
export const SENTINEL_DATA_PORTS = [7011, 7012];

/** The env of an API instance on each topology (REDIS_URL emptied: one topology at a time). */
export const TOPOLOGY_ENV = {
  cluster: {
    REDIS_URL: '',
    REDIS_CLUSTER_NODES: CLUSTER_PORTS.slice(0, 3)
      .map((p) => `redis://127.0.0.1:${p}`)
      .join(','),
  },
  sentinel: {
    REDIS_URL: '',
    REDIS_SENTINELS: SENTINEL_PORTS.map((p) => `127.0.0.1:${p}`).join(','),
    REDIS_SENTINEL_NAME: SENTINEL_NAME,
  },
} as const;

export type Topology = keyof typeof TOPOLOGY_ENV;

const run = promisify(execFile);
const CLUSTER_SH = join(REPO_ROOT, 'stack', 'cluster.sh');

/** Lines each sentinel has logged so far (its failover steps: +odown, +try-failover, -failover-abort-…). */
export async function sentinelLogs(): Promise<string[][]> {
  return Promise.all(
    SENTINEL_PORTS.map((port) =>
      readFile(join(REPO_ROOT, '.stack', 'cluster', `redis-${port}`, 'redis.log'), 'utf8')
        .then((text) => text.split('\n'))
        .catch(() => []),
    ),
  );
}

/** Starts what is missing of one part of the cluster stack (idempotent; restarts killed nodes). */
export async function clusterStackUp(part: 'redis-cluster' | 'sentinel'): Promise<void> {
  await run('bash', [CLUSTER_SH, 'up', part], { timeout: 60_000 });
}

/** One plain connection to one node (admin commands: CLUSTER, SENTINEL, INFO, SCAN). */
export async function nodeClient(port: number): Promise<RedisClientType> {
  const client = createClient({
    socket: { host: '127.0.0.1', port, reconnectStrategy: false },
  }) as RedisClientType;
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

export async function withNode<T>(port: number, use: (client: RedisClientType) => Promise<T>): Promise<T> {
  const client = await nodeClient(port);
  try {
    return await use(client);
  } finally {
    client.destroy();
  }
}

/** Ports of the cluster's masters, as a live node reports them. */
export async function clusterMasters(): Promise<number[]> {
  for (const port of CLUSTER_PORTS) {
    try {
      const nodes = await withNode(port, (c) => c.sendCommand<string>(['CLUSTER', 'NODES']));
      return nodes
        .split('\n')
        .filter((line) => /\bmaster\b/.test(line) && !/\bfail\b/.test(line) && /connected/.test(line))
        .map((line) => Number(/:(\d+)@/.exec(line)?.[1]))
        .sort((a, b) => a - b);
    } catch {
      continue;
    }
  }
  throw new Error('no cluster node answers');
}

export async function sentinelMaster(): Promise<number> {
  for (const port of SENTINEL_PORTS) {
    try {
      const reply = await withNode(port, (c) =>
        c.sendCommand<string[]>(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', SENTINEL_NAME]),
      );
      return Number(reply[1]);
    } catch {
      continue;
    }
  }
  throw new Error('no sentinel answers');
}

/** SIGKILL, as a crash: no shutdown, no failover handed over by the node itself. */
export async function killNode(port: number): Promise<void> {
  const info = await withNode(port, (c) => c.info('server'));
  const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
  process.kill(pid, 'SIGKILL');
}

/** Deletes a test prefix's keys from every master of a topology. */
export async function dropKeys(topology: Topology, prefix: string): Promise<void> {
  const masters = topology === 'cluster' ? await clusterMasters() : [await sentinelMaster()];
  for (const port of masters) {
    await withNode(port, async (c) => {
      for await (const keys of c.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) {
        for (const key of keys) await c.del(key);
      }
    });
  }
}
