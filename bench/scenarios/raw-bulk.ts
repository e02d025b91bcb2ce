/**
 * Bulk baseline: the same generated products sent with a bare `_bulk` loop (same
 * @elastic/elasticsearch client, same batch size, concurrency and index settings/mappings; no app
 * ingestion code) into a throwaway index, timed like the seed command: create the index with
 * refresh off, generate + send, refresh, count. Prints one JSON line.
 * Usage: raw-bulk.ts --node URL --index NAME --docs N --batch B --concurrency C --seed S
 */
import { Client } from '@elastic/elasticsearch';
import { generateProducts } from '@app/catalog';
import { PRODUCTS_MAPPINGS, PRODUCTS_SETTINGS } from '@app/search';

function flag(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error(`missing --${name}`);
  return process.argv[i + 1];
}

async function main(): Promise<void> {
  const index = flag('index');
  const docs = Number(flag('docs'));
  const batchSize = Number(flag('batch'));
  const concurrency = Number(flag('concurrency'));
  const es = new Client({ node: flag('node'), requestTimeout: 60_000, maxRetries: 1, compression: false });
  await es.indices.delete({ index, ignore_unavailable: true });
  const startedMs = performance.now();
  await es.indices.create({
    index,
    settings: { ...PRODUCTS_SETTINGS, refresh_interval: '-1' },
    mappings: PRODUCTS_MAPPINGS,
  });
  const inFlight = new Set<Promise<void>>();
  let failed = 0;
  const send = async (operations: object[]): Promise<void> => {
    const response = await es.bulk({ index, operations });
    if (response.errors) failed += response.items.filter((item) => item.index?.error).length;
  };
  let operations: object[] = [];
  for await (const product of generateProducts(docs, Number(flag('seed')))) {
    operations.push({ index: { _id: product.id } }, product);
    if (operations.length >= batchSize * 2) {
      const sending = send(operations).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
      operations = [];
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
  }
  if (operations.length > 0) await send(operations);
  await Promise.all(inFlight);
  await es.indices.putSettings({ index, settings: { 'index.refresh_interval': null } });
  await es.indices.refresh({ index });
  const { count } = await es.count({ index });
  const elapsedS = (performance.now() - startedMs) / 1000;
  await es.indices.delete({ index, ignore_unavailable: true });
  await es.close();
  console.log(JSON.stringify({ docs, count, failed, elapsedS, docsPerS: count / elapsedS }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
