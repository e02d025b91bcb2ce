/**
 * What one product write costs, without reads: starts the compiled API on the bench index with a
 * cache of its own, warms the write stream's query mix (so writes find responses to retire and
 * listings to check), measures the API's CPU at rest, then writes random products of the write
 * stream's pool at a fixed rate (its writer and pool) and prints, per write, the CPU the API (rest
 * subtracted) and Elasticsearch used and the API's Elasticsearch trips by operation. In the write
 * stream these costs come out of the reads' two cores (bench/README.md). The products are put back.
 * The API runs with `npm run start:prod`'s node flags; `--profile` adds a CPU profile (bench/.work/profiles:
 * `profile-top.ts <file> --last <duration>` keeps the writes only).
 * Usage: ts-node bench/tools/write-cost.ts [--rate 10] [--duration 30] [--title] [--docs 100000] [--profile]
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { elasticsearchTrips, warm } from '../lib/api-cache';
import { PROFILES_DIR } from '../lib/api-process';
import { processCpuMs } from '../lib/es-stats';
import { numberFlag } from '../lib/flags';
import { cpuMsOf, runTool, stopAll } from '../lib/processes';
import { queryMix } from '../lib/queries';
import { startWritingApi } from '../lib/writing-api';
import { poolSeed, productPool, putBack, startWriter, tripsSince } from '../scenarios/write-stream';

const PORT = 3985;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const rate = numberFlag(argv, 'rate', 10);
  const durationS = numberFlag(argv, 'duration', 30);
  const kind = argv.includes('--title') ? 'title' : 'stock';
  try {
    const { pid, origin, deps } = await startWritingApi('write-cost', PORT, argv, argv.includes('--profile'));
    await warm(origin, queryMix(1_000));
    const pool = await productPool(deps, poolSeed(kind, rate));

    const rest0 = cpuMsOf(pid);
    await sleep(durationS * 1000);
    const restMsPerS = (cpuMsOf(pid) - rest0) / durationS;

    const trips0 = await elasticsearchTrips(origin);
    const es0 = await processCpuMs(deps.esNode);
    const api0 = cpuMsOf(pid);
    const startedAt = performance.now();
    const writer = startWriter(deps, origin, kind, rate, pool);
    await sleep(durationS * 1000);
    const writes = await writer.stop();
    const seconds = (performance.now() - startedAt) / 1000;
    const apiMs = cpuMsOf(pid) - api0 - restMsPerS * seconds;
    const esMs = (await processCpuMs(deps.esNode)) - es0;
    const trips = tripsSince(trips0, await elasticsearchTrips(origin), seconds);
    await putBack(deps, origin, kind, pool, writes.written);

    const n = writes.done;
    console.log(
      `${n} ${kind} writes at ${rate}/s (${writes.failed} failed, p99 ${writes.p99Ms.toFixed(0)} ms): ` +
        `API ${(apiMs / n).toFixed(1)} ms CPU per write (at rest ${restMsPerS.toFixed(1)} ms/s, subtracted), ` +
        `Elasticsearch ${(esMs / n).toFixed(1)} ms CPU per write`,
    );
    if (argv.includes('--profile'))
      console.log(`  the API's CPU profile: ${PROFILES_DIR} (once it has stopped)`);
    for (const [operation, { perS, msEach }] of Object.entries(trips ?? {})) {
      console.log(
        `  ${operation}: ${((perS * seconds) / n).toFixed(2)} per write, ${msEach.toFixed(1)} ms each`,
      );
    }
  } finally {
    await stopAll();
  }
}

runTool(main);
