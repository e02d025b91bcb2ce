/**
 * What Elasticsearch's CPU alone costs the write stream's reads on this machine: the compiled API
 * on the bench index (a cache of its own, the write stream's warm query mix), and per round three
 * rows of Zipf reads at full speed, measured back to back: no writes; Elasticsearch kept busy by a
 * side process sending it document GETs (nothing reaches the API but the reads); product writes
 * through the API (the write stream's writer and pool, put back after). Each row prints reads/s and
 * the cores the API, the load generator and Elasticsearch used, so the loss to Elasticsearch's work
 * can be told apart from the API's own write work (bench/README.md).
 * Usage: ts-node bench/tools/es-share.ts [--gets 80] [--rate 10] [--duration 20] [--rounds 2] [--docs 100000]
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { warm } from '../lib/api-cache';
import { processCpuMs } from '../lib/es-stats';
import { numberFlag } from '../lib/flags';
import { LoadClient } from '../lib/load-client';
import { cpuMsOf, machineCpuMs, runTool, stop, stopAll } from '../lib/processes';
import { CLIENT_HEADERS, prng, queryMix } from '../lib/queries';
import { startWritingApi } from '../lib/writing-api';
import { poolSeed, productPool, putBack, startWriter } from '../scenarios/write-stream';

const PORT = 3986;

/** Something running beside a row of reads. */
interface Side {
  stop(): Promise<void>;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const getsPerS = numberFlag(argv, 'gets', 80);
  const rate = numberFlag(argv, 'rate', 10);
  const durationS = numberFlag(argv, 'duration', 20);
  const rounds = numberFlag(argv, 'rounds', 2);
  const load = LoadClient.start(process.env);
  const paths = queryMix(1_000);
  try {
    const { pid: apiPid, origin, deps } = await startWritingApi('es-share', PORT, argv);
    const row = async (label: string, side: () => Side): Promise<void> => {
      await warm(origin, paths);
      await sleep(2_000);
      const [api0, load0, es0, machine0] = [
        cpuMsOf(apiPid),
        cpuMsOf(load.pid),
        await processCpuMs(deps.esNode),
        machineCpuMs(),
      ];
      const running = side();
      const reads = await load.cannon({
        origin,
        paths,
        connections: 50,
        durationS,
        zipfExponent: 1,
        headers: CLIENT_HEADERS,
      });
      await running.stop();
      const machine1 = machineCpuMs();
      const cores = (ms: number): string => (ms / 1000 / reads.durationS).toFixed(2);
      const busy = (machine1.busyMs - machine0.busyMs) / (machine1.totalMs - machine0.totalMs);
      console.log(
        `${label.padEnd(24)} ${reads.reqPerSec.toFixed(0).padStart(6)} reads/s, p99 ` +
          `${reads.latency.p99.toFixed(1)} ms; cores: API ${cores(cpuMsOf(apiPid) - api0)}, ` +
          `load ${cores(cpuMsOf(load.pid) - load0)}, ` +
          `Elasticsearch ${cores((await processCpuMs(deps.esNode)) - es0)}; machine ${(busy * 100).toFixed(0)} % busy`,
      );
    };
    const nothing = (): Side => ({ stop: () => Promise.resolve() });
    const documentGets = (): Side => {
      const random = prng(getsPerS);
      let running = true;
      const loop = (async (): Promise<void> => {
        while (running) {
          const id = `gen-42-${Math.floor(random() * deps.docs)}`;
          void fetch(`${deps.esNode}/${deps.alias}/_doc/${id}`)
            .then((res) => res.arrayBuffer())
            .catch(() => undefined);
          await sleep(1000 / getsPerS);
        }
      })();
      return {
        stop: async () => {
          running = false;
          await loop;
        },
      };
    };
    const pool = await productPool(deps, poolSeed('stock', rate));
    for (let round = 1; round <= rounds; round++) {
      console.log(`round ${round}/${rounds}`);
      await row('no writes', nothing);
      await row(`Elasticsearch GETs ${getsPerS}/s`, documentGets);
      let written = new Set<string>();
      await row(`API stock writes ${rate}/s`, () => {
        const writer = startWriter(deps, origin, 'stock', rate, pool);
        return {
          stop: async () => {
            written = (await writer.stop()).written;
          },
        };
      });
      await putBack(deps, origin, 'stock', pool, written);
    }
  } finally {
    await stop(load.child);
    await stopAll();
  }
}

runTool(main);
