import type { ChildProcess } from 'node:child_process';
import type { WriterDeps } from '../scenarios/write-stream';
import { API_MAIN, apiNodeFlags, benchApiEnv } from './api-process';
import { numberFlag } from './flags';
import { startNode, waitForHttp } from './processes';

/** The compiled API a bench tool writes products through, and what the write stream's writer needs. */
export interface WritingApi {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly origin: string;
  readonly deps: WriterDeps;
}

/**
 * Starts the compiled API on the bench index for a tool that writes products through it (a cache
 * key prefix of its own, `npm run start:prod`'s flags, a CPU profile if asked) and waits until it
 * answers; the tool's `--docs` sizes the writer's pool. stopAll() stops it.
 */
export async function startWritingApi(
  tool: string,
  port: number,
  argv: readonly string[],
  profile = false,
): Promise<WritingApi> {
  const adminKey = `${tool}-admin-key-0123456789`;
  const origin = `http://127.0.0.1:${port}`;
  const child = startNode(
    'api',
    API_MAIN,
    [],
    {
      ...benchApiEnv(process.env, 'bench', `bench-${tool}-${Date.now().toString(36)}`),
      PORT: String(port),
      ADMIN_API_KEY: adminKey,
    },
    apiNodeFlags(profile),
  );
  await waitForHttp(`${origin}/health`, child);
  const deps: WriterDeps = {
    esNode: process.env.ELASTICSEARCH_NODE ?? 'http://127.0.0.1:9200',
    alias: 'bench-products',
    adminKey,
    docs: numberFlag(argv, 'docs', 100_000),
  };
  return { child, pid: child.pid ?? 0, origin, deps };
}
