import { type ChildProcess, spawn } from 'node:child_process';
import type { AppConfig } from '@app/config';
import { childEnv } from './child-env';
import { eventually } from './es';
import { freePort } from './free-port';
import { API_MAIN, assertBuilt } from './paths';

/** One pino JSON line of the API's stdout (the fields the cache specs read). */
export interface LogLine {
  level: number;
  msg?: string;
  event?: string;
  req?: { id?: string; url?: string };
  [field: string]: unknown;
}

export interface ApiProcess {
  readonly url: string;
  /** Every JSON log line so far. */
  logs(): LogLine[];
  /** The lines logged while serving one request (matched by its x-request-id). */
  logsOf(requestId: string): LogLine[];
  stop(): Promise<void>;
}

/**
 * The compiled API (`npm run build`) as a child process on a free port, with the stack and test
 * prefixes of `config`, and its stdout parsed as pino JSON lines. Resolves once it serves HTTP.
 */
export async function startApiProcess(
  config: AppConfig,
  extra: Record<string, string> = {},
): Promise<ApiProcess> {
  assertBuilt(API_MAIN);
  const port = await freePort();
  const child = spawn(process.execPath, [API_MAIN], {
    env: childEnv(config, { NODE_ENV: 'test', LOG_LEVEL: 'info', ...extra, PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let partial = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const complete = text.split('\n');
    partial = complete.pop() ?? '';
    for (const line of complete) {
      if (line.startsWith('{')) lines.push(JSON.parse(line) as LogLine);
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}: ${stderr}`);
      const res = await fetch(`${url}/health`);
      if (res.status !== 200) throw new Error(`GET /health answered ${res.status}`);
    }, 30_000);
  } catch (error) {
    await stop(child, exited);
    throw error;
  }
  return {
    url,
    logs: () => [...lines],
    logsOf: (requestId) => lines.filter((line) => line.req?.id === requestId),
    stop: () => stop(child, exited),
  };
}

/** SIGTERM (graceful shutdown), SIGKILL if it takes longer than 10 s. */
async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
