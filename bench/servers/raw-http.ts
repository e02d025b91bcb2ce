/**
 * Baselines (a) and (h): a bare node:http server answering the bench URLs with pre-serialized
 * bodies of the API's own responses.
 *   --mode static  (a) bodies from memory: the cost of HTTP alone
 *   --mode redis   (h) one Redis GET per request, with the app's client library and settings
 *                  (@redis/client via @keyv/redis, no offline queue, Buffer replies; like the app,
 *                  no per-command timeout option): the physical limit of a cache hit
 * With --gzip the bodies are held gzip-compressed, as the API stores them, and sent as they are
 * (the bench's clients accept gzip).
 * Usage: raw-http.ts --mode static|redis --port N --bodies file.json --redis-url URL --key-prefix P [--gzip]
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { createClient } from '@keyv/redis';
import { RESP_TYPES } from '@redis/client';

function flag(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error(`missing --${name}`);
  return process.argv[i + 1];
}

const mode = flag('mode');
const port = Number(flag('port'));
const gzip = process.argv.includes('--gzip');
const bodies = new Map<string, Buffer>(
  Object.entries(JSON.parse(readFileSync(flag('bodies'), 'utf8')) as Record<string, string>).map(
    ([path, body]) => [path, gzip ? gzipSync(body, { level: 6 }) : Buffer.from(body)],
  ),
);
const headers: OutgoingHttpHeaders = {
  'content-type': 'application/json; charset=utf-8',
  ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
};

function send(res: ServerResponse, body: Buffer | null | undefined): void {
  if (!body) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': body.length });
  res.end(body);
}

async function main(): Promise<void> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void;
  if (mode === 'static') {
    handler = (req, res) => send(res, bodies.get(req.url ?? ''));
  } else if (mode === 'redis') {
    const client = createClient({ url: flag('redis-url'), disableOfflineQueue: true });
    await client.connect();
    const binary = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
    const prefix = `${flag('key-prefix')}:raw:`;
    const write = client.multi();
    for (const [path, body] of bodies) write.set(prefix + path, body, { PX: 3_600_000 });
    await write.exec();
    handler = (req, res) => {
      binary.get(prefix + (req.url ?? '')).then(
        (body) => send(res, body),
        () => res.writeHead(503).end(),
      );
    };
    process.once('SIGTERM', () => void client.close());
  } else {
    throw new Error(`unknown --mode ${mode}`);
  }
  const server = createServer(handler);
  server.keepAliveTimeout = 60_000;
  server.listen(port, '127.0.0.1');
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
