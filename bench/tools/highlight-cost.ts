/**
 * The lighter highlight query (libs/search/src/query/highlight-query.ts) against highlighting with the
 * full query: for each query of a file, the search as the API builds it, with and without its
 * `highlight_query`, alternating, twice each; the shown highlights (title or its n-gram stand-in,
 * description) must be identical, and the summed Elasticsearch `took` (best of two) is compared.
 * Usage: ts-node bench/tools/highlight-cost.ts --index NAME --queries FILE.jsonl [--every 5] [--limit 500]
 * (FILE: one `{"text": "..."}` per line, e.g. ../shared/datasets/homedepot-dev/queries.jsonl, read in place).
 */
import { readFileSync } from 'node:fs';
import { buildSearchRequest } from '../../libs/search/src/query/build-search-request';

interface Shown {
  took: number;
  highlights: string;
}

async function search(esNode: string, index: string, body: unknown): Promise<Shown> {
  const res = await fetch(`${esNode}/${index}/_search?request_cache=false`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as {
    took: number;
    error?: unknown;
    hits: { hits: { _id: string; highlight?: Record<string, string[]> }[] };
  };
  if (json.error) throw new Error(JSON.stringify(json.error).slice(0, 500));
  const shown = json.hits.hits.map((h) => [
    h._id,
    h.highlight?.title ?? h.highlight?.['title.ngram'],
    h.highlight?.description,
  ]);
  return { took: json.took, highlights: JSON.stringify(shown) };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string): string | undefined => argv[argv.indexOf(name) + 1];
  const index = arg('--index');
  const file = arg('--queries');
  if (!index || !file)
    throw new Error('usage: highlight-cost.ts --index NAME --queries FILE.jsonl [--every 5] [--limit 500]');
  const every = Number(arg('--every') ?? 5);
  const limit = Number(arg('--limit') ?? 500);
  const esNode = process.env.ELASTICSEARCH_NODE ?? 'http://127.0.0.1:9200';
  const texts = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { text: string }).text)
    .filter((_, i) => i % every === 1)
    .slice(0, limit);
  let queries = 0;
  let differ = 0;
  let fullMs = 0;
  let lightMs = 0;
  for (const q of texts) {
    const { body } = buildSearchRequest({ q, tags: [], sort: 'relevance', page: 1, size: 20 });
    if (!body.highlight) continue;
    const full = { ...body, highlight: { ...body.highlight, highlight_query: undefined } };
    const [f1, l1, f2, l2] = [
      await search(esNode, index, full),
      await search(esNode, index, body),
      await search(esNode, index, full),
      await search(esNode, index, body),
    ];
    queries++;
    fullMs += Math.min(f1.took, f2.took);
    lightMs += Math.min(l1.took, l2.took);
    if (f1.highlights !== l1.highlights) {
      differ++;
      console.log(
        `differs: ${q}\n  full:  ${f1.highlights.slice(0, 400)}\n  light: ${l1.highlights.slice(0, 400)}`,
      );
    }
  }
  console.log(
    `${index}: ${queries} queries, highlights identical in ${queries - differ}; ` +
      `Elasticsearch took ${fullMs} ms with the full query, ${lightMs} ms with the light one (${(lightMs / fullMs).toFixed(3)}×)`,
  );
  if (differ > 0) process.exitCode = 1;
}

void main();
