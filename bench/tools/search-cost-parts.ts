/**
 * Where a fill's Elasticsearch time goes: the searches of the bench's miss sample (every 5th of the
 * 1,000-query mix, with its filters, sorts and pages) as the API builds them, then each again with
 * one part left out — the typo clauses (all, or all but some fields'), the facet aggregations, the
 * highlight, the best-match aggregation, the did-you-mean suggester. Summed `took`, best of two.
 * Usage: ts-node -r tsconfig-paths/register bench/tools/search-cost-parts.ts [--index bench-products]
 */
import type { estypes } from '@elastic/elasticsearch';
import { BEST_MATCH_AGG, buildSearchRequest } from '../../libs/search/src/query/build-search-request';
import { DEFAULT_TUNING } from '../../libs/search/src/query/relevance-tuning';
import type { SearchParams } from '../../libs/search/src/query/search-params';
import { mixParams, queryMix } from '../lib/queries';

type Body = ReturnType<typeof buildSearchRequest>['body'];

function typosOnlyIn(params: SearchParams, fields: readonly string[]): Body['query'] {
  const typoFields = DEFAULT_TUNING.typoFields.filter((spec) => fields.includes(spec.split('^')[0]));
  return buildSearchRequest(params, { tuning: { ...DEFAULT_TUNING, typoFields } }).body.query;
}

function without(aggs: Body['aggs'], name: string): Body['aggs'] {
  return aggs && Object.fromEntries(Object.entries(aggs).filter(([key]) => key !== name));
}

async function took(esNode: string, index: string, body: Body): Promise<number> {
  const res = await fetch(`${esNode}/${index}/_search?request_cache=false`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as estypes.SearchResponse & { error?: unknown };
  if (json.error) throw new Error(JSON.stringify(json.error).slice(0, 500));
  return json.took;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const index = argv.includes('--index') ? argv[argv.indexOf('--index') + 1] : 'bench-products';
  const esNode = process.env.ELASTICSEARCH_NODE ?? 'http://127.0.0.1:9200';
  const sums = new Map<string, number>();
  const paths = queryMix(1_000).filter((_, i) => i % 5 === 0);
  for (const path of paths) {
    const params = mixParams(path);
    const full = buildSearchRequest(params).body;
    const variants: Record<string, Body> = {
      'as built': full,
      'no typo clauses': { ...full, query: typosOnlyIn(params, []) },
      'typos in the title only': { ...full, query: typosOnlyIn(params, ['title']) },
      'no facet aggregations': {
        ...full,
        aggs: without(without(without(full.aggs, 'category'), 'brand'), 'price'),
      },
      'no highlight': { ...full, highlight: undefined },
      'no best-match aggregation': { ...full, aggs: without(full.aggs, BEST_MATCH_AGG) },
      'no did-you-mean': { ...full, suggest: undefined },
    };
    for (const [name, body] of Object.entries(variants)) {
      const best = Math.min(await took(esNode, index, body), await took(esNode, index, body));
      sums.set(name, (sums.get(name) ?? 0) + best);
    }
  }
  const whole = sums.get('as built') ?? 1;
  console.log(`${index}, ${paths.length} searches of the miss sample, summed took (best of two):`);
  for (const [name, ms] of sums)
    console.log(`  ${name.padEnd(28)} ${String(ms).padStart(6)} ms  ${(ms / whole).toFixed(2)}×`);
}

void main();
