/**
 * The load generator: a separate process, forked by the orchestrator with an IPC channel, so the
 * server under test never shares an event loop with the load. Runs autocannon for throughput and
 * stampedes, and a one-at-a-time client for per-request latencies (miss vs hit).
 */
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import { prng } from '../lib/queries';
import { summarize } from '../lib/stats';
import type { CannonResult, LoadCommand, LoadReply, SequentialItem } from './protocol';

function reply(message: LoadReply): void {
  process.send?.(message);
}

async function cannon(command: Extract<LoadCommand, { kind: 'cannon' }>): Promise<CannonResult> {
  const { paths } = command;
  let next = 0;
  const pick =
    command.zipfExponent === undefined
      ? (): number => next++ % paths.length
      : zipfPicker(paths.length, command.zipfExponent);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const cpuStart = process.cpuUsage();
  const options: autocannon.Options = {
    url: command.origin + (paths.length === 1 ? paths[0] : ''),
    connections: command.connections,
    pipelining: 1,
    timeout: 30,
    ...(command.headers ? { headers: command.headers } : {}),
    ...(command.amount !== undefined ? { amount: command.amount } : { duration: command.durationS ?? 5 }),
    setupClient: leanClient(paths.length > 1 ? paths : undefined, pick),
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: Error | null, done: autocannon.Result) =>
      error ? reject(error) : resolve(done),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, responseTimeMs: number) => {
      latencies.push(responseTimeMs);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
  const cpu = process.cpuUsage(cpuStart);
  const responses = result['2xx'] + result.non2xx;
  return {
    requests: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: result.duration,
    reqPerSec: responses / result.duration,
    latency: summarize(latencies),
    bytesPerResponse: responses > 0 ? result.throughput.total / responses : 0,
    statuses,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

/**
 * Trims autocannon's work per response on the cores the server under test shares: it decodes every
 * response body into a string (kept for `expectBody`, unused here) — its largest cost, growing with
 * the body — and a per-request `setupRequest` rebuilds the request buffer on every send. Here bodies
 * are counted, not kept, and every connection sends the path `pick` gives next (one shared cursor or
 * sampler), from buffers built once per path. (Each connection walking the list on its own drifted
 * into step: a slower answer let the connections behind catch up, until they asked for the same URL
 * at once.) Sets autocannon 9's internals, checked here.
 */
function leanClient(
  paths: readonly string[] | undefined,
  pick: () => number,
): (client: autocannon.Client) => void {
  const built: ({ requestBuffer: Buffer } | undefined)[] = [];
  return (client) => {
    const { requestIterator: iterator, pipelinedRequests: queue } = client as unknown as ClientFields;
    if (typeof iterator?.requestBuilder !== 'function' || typeof queue?.addBody !== 'function') {
      throw new Error('autocannon changed its Client internals: revisit leanClient in bench/load/worker.ts');
    }
    queue.addBody = () => undefined;
    if (!paths) return;
    const requestOf = (k: number): { requestBuffer: Buffer } => {
      let request = built[k];
      if (!request) {
        const buffer = iterator.requestBuilder({ path: paths[k] }, {});
        if (!buffer) throw new Error(`autocannon built no request for ${paths[k]}`);
        built[k] = request = { requestBuffer: buffer };
      }
      return request;
    };
    const take = (): unknown => (iterator.currentRequest = requestOf(pick()));
    take();
    iterator.nextRequest = take;
  };
}

/** The fields of an autocannon Client that leanClient sets (lib/httpClient.js, lib/requestIterator.js). */
interface ClientFields {
  pipelinedRequests?: { addBody(data: Buffer): void };
  requestIterator?: {
    currentRequest: unknown;
    nextRequest(): unknown;
    requestBuilder(request: { path: string }, context: object): Buffer | null;
  };
}

/** Samples k with probability ∝ 1 / (k + 1)^s (seeded: every run draws the same sequence). */
function zipfPicker(n: number, exponent: number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) cumulative[k] = total += 1 / Math.pow(k + 1, exponent);
  const random = prng(11);
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function get(origin: string, path: string): Promise<SequentialItem> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(origin + path, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
        const body = Buffer.concat(chunks);
        resolve({
          path,
          status: res.statusCode ?? 0,
          latencyMs,
          xCache: typeof res.headers['x-cache'] === 'string' ? res.headers['x-cache'] : undefined,
          tookMs: tookOf(String(res.headers['server-timing'] ?? '')),
          bytes: body.length,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Elasticsearch's own time of the search this response ran (`Server-Timing: es;dur=N`). */
function tookOf(serverTiming: string | undefined): number | undefined {
  const match = /(?:^|,)\s*es;dur=([\d.]+)/.exec(serverTiming ?? '');
  return match ? Number(match[1]) : undefined;
}

async function sequential(origin: string, paths: readonly string[]): Promise<SequentialItem[]> {
  const items: SequentialItem[] = [];
  for (const path of paths) items.push(await get(origin, path));
  return items;
}

async function handle(command: LoadCommand): Promise<LoadReply> {
  switch (command.kind) {
    case 'cannon':
      return { kind: 'cannon', id: command.id, result: await cannon(command) };
    case 'sequential':
      return { kind: 'sequential', id: command.id, items: await sequential(command.origin, command.paths) };
  }
}

process.on('message', (command: LoadCommand) => {
  handle(command).then(reply, (error: unknown) =>
    reply({ kind: 'error', id: command.id, message: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
