import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { createClient } from '@keyv/redis';

const ROOT = resolve(__dirname, '..', '..');
const PACKAGES = [
  '@nestjs/core',
  '@nestjs/platform-fastify',
  'fastify',
  '@nestjs/cache-manager',
  'cache-manager',
  'keyv',
  '@keyv/redis',
  '@redis/client',
  '@elastic/elasticsearch',
  'nestjs-pino',
  'pino-http',
  'autocannon',
];

function versionOf(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
    };
    return pkg.version;
  } catch {
    return 'missing';
  }
}

/** The machine, the versions and the shared services' state, for the results file. */
export async function machineInfo(esNode: string, redisUrl: string): Promise<Record<string, unknown>> {
  const es = (await (await fetch(esNode)).json()) as { version: { number: string } };
  const esNodes = (await (await fetch(`${esNode}/_nodes/jvm`)).json()) as {
    nodes: Record<string, { jvm: { mem: { heap_max_in_bytes: number } } }>;
  };
  const heapBytes = Object.values(esNodes.nodes)[0]?.jvm.mem.heap_max_in_bytes ?? 0;
  const redis = createClient({ url: redisUrl });
  await redis.connect();
  const info = await redis.info('server');
  await redis.close();
  const field = (name: string): string | undefined =>
    new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
  const redisPid = Number(field('process_id'));
  let redisPidReadable = false;
  try {
    readFileSync(`/proc/${redisPid}/stat`);
    redisPidReadable = true;
  } catch {
    // Redis runs elsewhere or as another user: no Redis CPU figures.
  }
  return {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memGb: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    elasticsearch: es.version.number,
    elasticsearchHeapMb: Math.round(heapBytes / 2 ** 20),
    redis: field('redis_version'),
    redisPid: redisPidReadable ? redisPid : undefined,
    loadAverageStart: loadavg(),
    packages: Object.fromEntries(PACKAGES.map((name) => [name, versionOf(name)])),
  };
}
