/**
 * What AsyncLocalStorage's hooks cost a cache hit, measured on (h) itself: two copies of
 * `servers/raw-http.ts --mode redis` side by side, one started as it is and one with an
 * AsyncLocalStorage entered at start (as nestjs-pino's middleware left it on in the API until it went),
 * loaded in interleaved rounds on one body by the bench's load generator. Prints req/s and server
 * CPU per hit. Usage: ts-node bench/tools/als-cost.ts [--rounds 4] [--duration 5]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoadClient } from '../lib/load-client';
import { runTool, startNode, stopAll, TS_NODE, waitForHttp } from '../lib/processes';
import { CLIENT_HEADERS } from '../lib/queries';
import { numberFlag } from '../lib/flags';

const PATH = '/search?q=lamp';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const rounds = numberFlag(argv, 'rounds', 4);
  const durationS = numberFlag(argv, 'duration', 5);
  const dir = mkdtempSync(join(tmpdir(), 'als-cost-'));
  const body = { hits: Array.from({ length: 20 }, (_, i) => ({ id: `p${i}`, title: 'Lamp '.repeat(40) })) };
  writeFileSync(join(dir, 'bodies.json'), JSON.stringify({ [PATH]: JSON.stringify(body) }));
  const alsOn = join(dir, 'als-on.js');
  writeFileSync(
    alsOn,
    "new (require('node:async_hooks').AsyncLocalStorage)().enterWith({ requestContext: true });\n",
  );
  const server = join(__dirname, '..', 'servers', 'raw-http.ts');
  const servers = [
    { name: '(h)', port: 3993, preload: [] as string[] },
    { name: '(h) + AsyncLocalStorage', port: 3994, preload: ['-r', alsOn] },
  ].map((s) => ({
    ...s,
    origin: `http://127.0.0.1:${s.port}`,
    child: startNode(
      s.name,
      server,
      ['--mode', 'redis', '--port', String(s.port), '--bodies', join(dir, 'bodies.json')]
        .concat(['--redis-url', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'])
        .concat(['--key-prefix', 'benchals', '--gzip']),
      process.env,
      [...TS_NODE, ...s.preload],
    ),
  }));
  try {
    for (const s of servers) await waitForHttp(s.origin + PATH, s.child);
    const load = LoadClient.start(process.env);
    for (let r = 0; r < rounds; r++) {
      for (const s of servers) {
        const res = await load.cannonOn(s.child.pid ?? 0, {
          origin: s.origin,
          paths: [PATH],
          connections: 50,
          durationS,
          headers: CLIENT_HEADERS,
        });
        const us = res.serverUsPerRequest;
        console.log(
          `${s.name}: ${res.reqPerSec.toFixed(0)} req/s, ${us.toFixed(1)} µs of CPU per hit, non2xx ${res.non2xx}`,
        );
      }
    }
  } finally {
    await stopAll();
  }
}

runTool(main);
