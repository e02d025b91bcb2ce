/**
 * The listing check (libs/search/src/elasticsearch/listing-check.ts: only the texts within reach of
 * the product, with only their typo clauses within reach) against asking every text in full: for random products of an index, which of the
 * texts list each (the bench's query words, typo'd variants of them, and every 20th line of a query
 * file); the sets must be identical. Reports the summed Elasticsearch `took` and wall time of both.
 * Usage: ts-node -r tsconfig-paths/register bench/tools/listing-check-cost.ts --index NAME
 *   [--queries FILE.jsonl] [--products 120]
 */
import { readFileSync } from 'node:fs';
import { Client } from '@elastic/elasticsearch';
import { textsListing } from '../../libs/search/src/elasticsearch/listing-check';
import { listingMatchQuery } from '../../libs/search/src/query/listing-match';
import { ListingTextPlans } from '../../libs/search/src/query/listing-text-plans';
import { queryMix } from '../lib/queries';

const TYPOS = [
  'wireles headphnes',
  'lapto',
  'espreso machine',
  'coffe',
  'backpak',
  'sofaa',
  'tenis',
  'camra',
  'portabel',
  'stainles',
  'ergonmic',
  'chromebok',
];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string): string | undefined =>
    argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined;
  const index = arg('--index');
  if (!index)
    throw new Error('usage: listing-check-cost.ts --index NAME [--queries FILE.jsonl] [--products 120]');
  const file = arg('--queries');
  const products = Number(arg('--products') ?? 120);
  const es = new Client({ node: process.env.ELASTICSEARCH_NODE ?? 'http://127.0.0.1:9200' });
  const mixWords = queryMix(1_000).map((path) => new URLSearchParams(path.split('?')[1]).get('q') ?? '');
  const fromFile = file
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { text: string }).text)
        .filter((_, i) => i % 20 === 3)
        .slice(0, 60)
    : [];
  const texts = [...new Set([...mixWords, ...TYPOS, ...fromFile].map((t) => t.toLowerCase()))];
  const took = { one: 0, two: 0 };
  const wall = { one: 0, two: 0 };

  const oneStep = async (ids: string[]): Promise<Set<string>> => {
    const listing = new Set<string>();
    const chunks: string[][] = [];
    for (let i = 0; i < texts.length; i += 25) chunks.push(texts.slice(i, i + 25));
    const result = await es.msearch({
      searches: chunks.flatMap((chunk) => [
        { index },
        {
          size: 0,
          track_total_hits: false,
          query: { ids: { values: ids } },
          aggs: Object.fromEntries(
            chunk.map((t, k) => [`t${k}`, { filter: { bool: listingMatchQuery(t) } }]),
          ),
        },
      ]),
    });
    result.responses.forEach((response, c) => {
      if ('error' in response) throw new Error(JSON.stringify(response.error));
      took.one += response.took;
      const counts = response.aggregations as Record<string, { doc_count: number }>;
      chunks[c].forEach((t, k) => counts[`t${k}`].doc_count > 0 && listing.add(t));
    });
    return listing;
  };
  const ctx = {
    es,
    alias: index,
    plans: new ListingTextPlans(),
    options: () => ({}),
    run: async <T extends object>(_operation: string, call: () => Promise<T>): Promise<T> => {
      const result = await call();
      const timed = result as { took?: number; responses?: { took?: number }[] };
      for (const r of timed.responses ?? [timed]) took.two += r.took ?? 0;
      return result;
    },
  };

  const sample = await es.search({
    index,
    size: products,
    _source: false,
    query: { function_score: { functions: [{ random_score: { seed: 7, field: '_seq_no' } }] } },
  });
  let differ = 0;
  for (const hit of sample.hits.hits) {
    const ids = [hit._id as string];
    let started = Date.now();
    const one = await oneStep(ids);
    wall.one += Date.now() - started;
    started = Date.now();
    const two = await textsListing(ctx, ids, texts);
    wall.two += Date.now() - started;
    const missing = [...one].filter((t) => !two.has(t));
    const extra = [...two].filter((t) => !one.has(t));
    if (missing.length > 0 || extra.length > 0) {
      differ++;
      console.log(`${ids[0]}: the check misses ${JSON.stringify(missing)}, adds ${JSON.stringify(extra)}`);
    }
  }
  console.log(
    `${index}: ${sample.hits.hits.length} products × ${texts.length} texts, identical for ${sample.hits.hits.length - differ}; ` +
      `Elasticsearch took ${took.one} ms asking every text in full, ${took.two} ms in the check (${(took.two / took.one).toFixed(3)}×); ` +
      `wall ${wall.one} / ${wall.two} ms (${(wall.two / wall.one).toFixed(3)}×)`,
  );
  await es.close();
  if (differ > 0) process.exitCode = 1;
}

void main();
