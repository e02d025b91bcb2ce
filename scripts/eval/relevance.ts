import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigFromProcess } from '@app/config';
import { buildSearchRequest, type SearchParams } from '@app/search';
import type { Collection } from './collection';
import { DATASETS, type Dataset } from './datasets';
import { openEvalContext, type EvalContext } from './eval-context';
import { averagePrecision, judgedOnly, mean, median, ndcgAt, recallAt } from './metrics';
import { tuningOf, VARIANTS } from './variants';

const DEPTH = 100;
const USAGE = `usage: npm run eval:relevance -- --dataset ${Object.keys(DATASETS).join('|')} [--path DIR] [--prefix NAME] [--keep] [--reuse] [--compare | --variant NAME|JSON[;...]] [--concurrency 4] [--limit N] [--per-query FILE]`;

/** Ranks every query with the /search query builder and plain BM25, and scores both against the judgements. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string' },
      path: { type: 'string' },
      prefix: { type: 'string' },
      keep: { type: 'boolean', default: false },
      reuse: { type: 'boolean', default: false },
      compare: { type: 'boolean', default: false },
      variant: { type: 'string' },
      concurrency: { type: 'string', default: '4' },
      limit: { type: 'string' },
      'per-query': { type: 'string' },
    },
  });
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(USAGE);
  const dataset = DATASETS[values.dataset ?? ''];
  if (!dataset) throw new Error(USAGE);
  const dir = values.path ?? resolve(__dirname, '..', '..', '..', 'shared', 'datasets', dataset.folder);
  const full = dataset.read(dir);
  // --limit N: the first N queries only, for quick experiments; reported numbers use all of them.
  const collection = values.limit ? { ...full, queries: full.queries.slice(0, Number(values.limit)) } : full;
  // A prefix of its own: the eval index never shares an alias with the app's catalog (--prefix: nor with another
  // session's eval runs on the same node).
  const prefix = values.prefix ?? `eval-${values.dataset}`;
  const config = loadConfigFromProcess({ INDEX_PREFIX: prefix, LOG_LEVEL: 'silent' });
  const ctx = await openEvalContext(config);
  try {
    // --reuse: query-only experiments on the index a --keep run left (mapping changes need a fresh one).
    const indexed = values.reuse ? await ctx.count() : await ctx.load(collection.documents);
    const judged = collection.queries.filter((q) => collection.judgements.get(q.id)?.size);
    console.log(`indexed ${indexed} documents into ${ctx.alias}; ${judged.length} judged queries`);
    const names = values.compare ? Object.keys(VARIANTS) : (values.variant ?? 'default').split(';');
    const perQuery: Record<string, Record<string, number>> = {};
    const report = (name: string, s: Scores): void => {
      printRow(name, s);
      perQuery[name] = s.perQuery;
    };
    for (const name of names)
      report(name, await evaluate(collection, concurrency, (text) => rank(ctx, text, name)));
    report('plain BM25', await evaluate(collection, concurrency, (text) => plainBm25(ctx, dataset, text)));
    // --per-query FILE: nDCG@10 of every query per row, for error analysis. Derived from the dataset:
    // write it outside the repository.
    if (values['per-query']) writeFileSync(values['per-query'], `${JSON.stringify(perQuery)}\n`);
  } finally {
    if (!values.keep) await ctx.drop();
    await ctx.close();
  }
}

interface Scores {
  ndcg10: number;
  judgedNdcg10: number;
  map: number;
  recall100: number;
  zeroResults: number;
  p50Ms: number;
  queries: number;
  /** nDCG@10 by query id. */
  perQuery: Record<string, number>;
}

type Ranker = (text: string) => Promise<string[]>;

interface Row {
  ndcg: number;
  judged: number;
  ap: number;
  recall: number;
  ms: number;
  empty: boolean;
}

// Queries run `concurrency` at a time (both rows alike, so their latencies stay comparable).
async function evaluate(collection: Collection, concurrency: number, ranker: Ranker): Promise<Scores> {
  const judged = collection.queries.filter((q) => (collection.judgements.get(q.id)?.size ?? 0) > 0);
  const rows: Row[] = new Array<Row>(judged.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < judged.length) {
      const i = next++;
      const grades = collection.judgements.get(judged[i].id) ?? new Map<string, number>();
      const started = performance.now();
      const ranked = await ranker(judged[i].text);
      rows[i] = {
        ndcg: ndcgAt(10, ranked, grades),
        judged: ndcgAt(10, judgedOnly(ranked, grades), grades),
        ap: averagePrecision(ranked, grades),
        recall: recallAt(DEPTH, ranked, grades),
        ms: performance.now() - started,
        empty: ranked.length === 0,
      };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return {
    ndcg10: mean(rows.map((r) => r.ndcg)),
    judgedNdcg10: mean(rows.map((r) => r.judged)),
    map: mean(rows.map((r) => r.ap)),
    recall100: mean(rows.map((r) => r.recall)),
    zeroResults: rows.filter((r) => r.empty).length,
    p50Ms: median(rows.map((r) => r.ms)),
    queries: rows.length,
    perQuery: Object.fromEntries(judged.map((q, i) => [q.id, rows[i].ndcg])),
  };
}

// The default goes through ProductSearch, exactly as GET /search does; variants only swap the tuning.
async function rank(ctx: EvalContext, text: string, variant: string): Promise<string[]> {
  const params: SearchParams = { q: text, tags: [], sort: 'relevance', page: 1, size: DEPTH };
  if (variant === 'default') return (await ctx.search.search(params)).hits.map((h) => h.id);
  const { body } = buildSearchRequest(params, {
    tuning: tuningOf(variant),
    withFacets: false,
    withHighlight: false,
  });
  return ids(await ctx.es.search<{ id: string }>({ index: ctx.alias, ...body }));
}

async function plainBm25(ctx: EvalContext, dataset: Dataset, text: string): Promise<string[]> {
  const query = dataset.plainBm25(text);
  return ids(await ctx.es.search<{ id: string }>({ index: ctx.alias, query, size: DEPTH, _source: ['id'] }));
}

function ids(result: { hits: { hits: { _id?: string | null; _source?: { id: string } }[] } }): string[] {
  return result.hits.hits.map((h) => h._source?.id ?? String(h._id));
}

function printRow(name: string, s: Scores): void {
  const f = (n: number) => n.toFixed(4);
  console.log(
    `${name.padEnd(24)} nDCG@10 ${f(s.ndcg10)}  judged-only ${f(s.judgedNdcg10)}  MAP ${f(s.map)}  ` +
      `recall@100 ${f(s.recall100)}  zero-result ${s.zeroResults}/${s.queries}  p50 ${s.p50Ms.toFixed(1)} ms`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
