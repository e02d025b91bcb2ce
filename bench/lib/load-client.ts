import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { CannonResult, LoadCommand, LoadReply, SequentialItem } from '../load/protocol';
import { cpuMsOf, forkWorker } from './processes';

type Pending = { resolve: (reply: LoadReply) => void; reject: (error: Error) => void };
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The orchestrator's handle on the load-generator process. */
export class LoadClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  private constructor(readonly child: ChildProcess) {
    child.on('message', (reply: LoadReply) => {
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (!waiter) return;
      if (reply.kind === 'error') waiter.reject(new Error(`load generator: ${reply.message}`));
      else waiter.resolve(reply);
    });
    child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`load generator exited (${code})`));
      this.pending.clear();
    });
  }

  static start(env: NodeJS.ProcessEnv): LoadClient {
    return new LoadClient(forkWorker('load generator', join(__dirname, '..', 'load', 'worker.ts'), env));
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('load generator has no pid');
    return this.child.pid;
  }

  async cannon(
    command: Omit<Extract<LoadCommand, { kind: 'cannon' }>, 'id' | 'kind'>,
  ): Promise<CannonResult> {
    const reply = await this.send({ ...command, kind: 'cannon' });
    if (reply.kind !== 'cannon') throw new Error(`unexpected reply ${reply.kind}`);
    return reply.result;
  }

  /** A cannon run, with the CPU the server process `pid` spent per request meanwhile (µs). */
  async cannonOn(
    pid: number,
    command: Omit<Extract<LoadCommand, { kind: 'cannon' }>, 'id' | 'kind'>,
  ): Promise<CannonResult & { serverUsPerRequest: number }> {
    const cpu0 = cpuMsOf(pid);
    const result = await this.cannon(command);
    const serverUsPerRequest = ((cpuMsOf(pid) - cpu0) * 1000) / (result.ok + result.non2xx);
    return { ...result, serverUsPerRequest };
  }

  async sequential(origin: string, paths: readonly string[]): Promise<SequentialItem[]> {
    const reply = await this.send({ kind: 'sequential', origin, paths });
    if (reply.kind !== 'sequential') throw new Error(`unexpected reply ${reply.kind}`);
    return reply.items;
  }

  private send(command: WithoutId<LoadCommand>): Promise<LoadReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...command, id });
    });
  }
}
