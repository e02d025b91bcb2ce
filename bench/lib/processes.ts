import { type ChildProcess, fork, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const CLOCK_TICKS_PER_S = 100; // getconf CLK_TCK on Linux

/** Everything the bench started, stopped in reverse order on exit (never the shared stack). */
const started: { name: string; child: ChildProcess }[] = [];

export const TS_NODE = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

/** `logFile`: the child's stdout and stderr go there (appended) instead of this terminal. */
export function startNode(
  name: string,
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  nodeArgs: readonly string[] = [],
  logFile?: string,
): ChildProcess {
  const out = logFile === undefined ? 'inherit' : openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    env,
    stdio: ['ignore', out, out],
  });
  if (typeof out === 'number') closeSync(out);
  started.push({ name, child });
  return child;
}

export function forkWorker(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = fork(script, [], { env, execArgv: TS_NODE, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  started.push({ name, child });
  return child;
}

export async function stop(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

export async function stopAll(): Promise<void> {
  for (const { child } of started.reverse()) await stop(child);
  started.length = 0;
}

/**
 * A bench entry point: runs `main`; if it fails, prints `describe(error)` (the error itself by
 * default), stops whatever was started and exits 1.
 */
export function runTool(main: () => Promise<void>, describe: (error: unknown) => unknown = (e) => e): void {
  main().catch(async (error: unknown) => {
    console.error(describe(error));
    await stopAll();
    process.exit(1);
  });
}

/** Runs a command to completion; rejects on a non-zero exit. Returns stdout. */
export function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  echo = true,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (echo) process.stdout.write(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/** Polls until the URL answers with any HTTP status below 500. */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** user + system CPU time of a process so far, in ms, from /proc/<pid>/stat. */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
}

export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Busy and total CPU time of the whole machine so far, in ms (all cores), from /proc/stat. */
export function machineCpuMs(): { busyMs: number; totalMs: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = ticks[3] + (ticks[4] ?? 0);
  return { busyMs: ((total - idle) * 1000) / CLOCK_TICKS_PER_S, totalMs: (total * 1000) / CLOCK_TICKS_PER_S };
}
