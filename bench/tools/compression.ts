/**
 * CPU and size of gzip and brotli levels on real response bodies, to choose how cached entries
 * are stored (bench/README.md). Bodies come from a running API (`--url`, repeatable) or files.
 *
 *   npx ts-node --transpile-only bench/tools/compression.ts --url 'http://127.0.0.1:3000/search?q=lamp' [--rounds 300]
 */
import { readFileSync } from 'node:fs';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { median } from '../lib/stats';

interface Codec {
  name: string;
  compress(body: Buffer): Buffer;
  decompress(body: Buffer): Buffer;
}

const gzip = (level: number): Codec => ({
  name: `gzip -${level}`,
  compress: (body) => gzipSync(body, { level }),
  decompress: (body) => gunzipSync(body),
});

const brotli = (quality: number): Codec => ({
  name: `brotli q${quality}`,
  compress: (body) =>
    brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: quality,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  decompress: (body) => brotliDecompressSync(body),
});

const CODECS = [gzip(1), gzip(6), gzip(9), brotli(1), brotli(4), brotli(5), brotli(6), brotli(9), brotli(11)];

/** Median µs of one call over `rounds` calls (after a warm-up), so JIT and allocation settle. */
function timeUs(rounds: number, fn: () => void): number {
  for (let i = 0; i < Math.min(50, rounds); i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const bodies: { source: string; body: Buffer }[] = [];
  let rounds = 300;
  for (let i = 0; i < argv.length; i++) {
    const value = argv[++i];
    if (argv[i - 1] === '--url')
      bodies.push({ source: value, body: Buffer.from(await (await fetch(value)).arrayBuffer()) });
    else if (argv[i - 1] === '--file') bodies.push({ source: value, body: readFileSync(value) });
    else if (argv[i - 1] === '--rounds') rounds = Number(value);
    else throw new Error(`usage: compression.ts (--url U | --file F)... [--rounds N]`);
  }
  for (const { source, body } of bodies) {
    console.log(`\n${source}: ${body.length} bytes`);
    console.log('| codec | bytes | × identity | compress µs | decompress µs |');
    console.log('|---|---:|---:|---:|---:|');
    for (const codec of CODECS) {
      const packed = codec.compress(body);
      if (!codec.decompress(packed).equals(body)) throw new Error(`${codec.name} does not round-trip`);
      const compressUs = timeUs(rounds, () => codec.compress(body));
      const decompressUs = timeUs(rounds, () => codec.decompress(packed));
      console.log(
        `| ${codec.name} | ${packed.length} | ${(packed.length / body.length).toFixed(3)} | ` +
          `${compressUs.toFixed(0)} | ${decompressUs.toFixed(0)} |`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
