/**
 * Preload (node -r ts-node/register/transpile-only -r ./bench/tools/mem-report.ts ...): prints
 * process.memoryUsage() and V8 heap space sizes every 2 s to stderr, to tell the V8 heap
 * (young/old/code) from Buffers and allocator overhead in RSS. With --expose-gc and
 * MEM_REPORT_GC=1 a full GC runs first, so the figures are the live set.
 */
import { getHeapSpaceStatistics } from 'node:v8';

const mb = (n: number): string => (n / 2 ** 20).toFixed(0);
const gc = (globalThis as { gc?: () => void }).gc;

setInterval(() => {
  if (process.env.MEM_REPORT_GC === '1') gc?.();
  const m = process.memoryUsage();
  const spaces = getHeapSpaceStatistics()
    .filter((s) => s.space_size > 2 ** 20)
    .map((s) => `${s.space_name.replace('_space', '')} ${mb(s.space_size)}/${mb(s.space_used_size)}`)
    .join(' ');
  process.stderr.write(
    `[mem] rss ${mb(m.rss)} heap ${mb(m.heapTotal)}/${mb(m.heapUsed)} external ${mb(m.external)} ` +
      `arrayBuffers ${mb(m.arrayBuffers)} | ${spaces}\n`,
  );
}, 2000).unref();
