import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@elastic/elasticsearch';
import { eventually } from './es';
import { REPO_ROOT } from './paths';

const run = promisify(execFile);
const NODE_NUMBERS = [1, 2, 3] as const;
export type ClusterNode = (typeof NODE_NUMBERS)[number];

/** The 3-node cluster of `npm run stack:cluster:up` (stack/cluster.sh). */
export const CLUSTER_URLS: Readonly<Record<ClusterNode, string>> = {
  1: 'http://127.0.0.1:9211',
  2: 'http://127.0.0.1:9212',
  3: 'http://127.0.0.1:9213',
};
export const ALL_CLUSTER_URLS = NODE_NUMBERS.map((n) => CLUSTER_URLS[n]);

/** A client that knows every node, for asserting on what the cluster holds. */
export function clusterClient(): Client {
  return new Client({ nodes: ALL_CLUSTER_URLS, maxRetries: 3 });
}

/** Fails with the fix when the cluster is not up with its 3 nodes. */
export async function requireCluster(): Promise<void> {
  const es = clusterClient();
  try {
    const health = await es.cluster.health({ wait_for_nodes: '3', timeout: '5s' });
    if (health.number_of_nodes !== 3) throw new Error(`${health.number_of_nodes} nodes`);
  } catch (error) {
    throw new Error(
      `this spec needs the 3-node cluster on 127.0.0.1:9211-9213 (${String(error)}); run: bash stack/cluster.sh up es`,
    );
  } finally {
    await es.close();
  }
}

/** The node holding the primary of the (single-shard) index behind `alias`. */
export async function primaryNode(alias: string): Promise<ClusterNode> {
  const es = clusterClient();
  try {
    const shards = await es.cat.shards({ index: alias, format: 'json', h: 'prirep,state,node' });
    const primary = shards.find((s) => s.prirep === 'p' && s.state === 'STARTED');
    const n = Number(/cluster-es-(\d)$/.exec(String(primary?.node))?.[1]);
    if (!NODE_NUMBERS.includes(n as ClusterNode)) throw new Error(`no started primary for ${alias}`);
    return n as ClusterNode;
  } finally {
    await es.close();
  }
}

/** SIGKILL: the node dies as in a crash, without leaving the cluster politely. */
export async function killNode(n: ClusterNode): Promise<void> {
  const pidFile = join(REPO_ROOT, '.stack', 'cluster', `es-${n}`, 'es.pid');
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  process.kill(pid, 'SIGKILL');
  await eventually(async () => {
    const refused = await fetch(CLUSTER_URLS[n]).then(
      () => false,
      () => true,
    );
    if (!refused) throw new Error(`node ${n} still answers`);
  }, 10_000);
}

/**
 * Starts whatever node of the cluster is missing (the stack script is idempotent) and waits until
 * the cluster has its 3 nodes and `alias` (if given) is green again: the next spec finds it whole.
 */
export async function restoreCluster(alias?: string): Promise<void> {
  await run('bash', [join(REPO_ROOT, 'stack', 'cluster.sh'), 'up', 'es'], {
    cwd: REPO_ROOT,
    timeout: 240_000,
  });
  const es = clusterClient();
  try {
    await es.cluster.health(
      { index: alias, wait_for_nodes: '3', wait_for_status: 'green', timeout: '120s' },
      { requestTimeout: 130_000 },
    );
  } finally {
    await es.close();
  }
}
