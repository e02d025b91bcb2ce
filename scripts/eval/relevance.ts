import 'reflect-metadata';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigFromProcess } from '@app/config';
import { buildSearchRequest, type SearchParams } from '@app/search';
import { readCranfield, type Collection } from './cranfield';
import { openEvalContext, type EvalContext } from './eval-context';
import { averagePrecision, mean, ndcgAt, recallAt } from './metrics';
import { tuningOf, VARIANTS } from './variants';

const DEPTH = 100;
const USAGE =
  'usage: npm run eval:relevance -- --dataset cranfield [--path DIR] [--keep] [--compare | --variant NAME|JSON[;...]]';

/** Ranks every query with the /search query builder and scores the rankings against the judgements. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string' },
      path: { type: 'string' },
      keep: { type: 'boolean', default: false },
      compare: { type: 'boolean', default: false },
      variant: { type: 'string' },
    },
  });
  if (values.dataset !== 'cranfield') throw new Error(USAGE);
  const dir = values.path ?? resolve(__dirname, '..', '..', '..', 'shared', 'datasets', 'cranfield');
  const collection = readCranfield(dir);
  // A prefix of its own: the eval index never shares an alias with the app's catalog.
  const config = loadConfigFromProcess({ INDEX_PREFIX: 'eval-cranfield', LOG_LEVEL: 'silent' });
  const ctx = await openEvalContext(config);
  try {
    const indexed = await ctx.load(collection.documents);
    console.log(`indexed ${indexed} documents into ${ctx.alias}; ${collection.queries.length} queries`);
    const names = values.compare ? Object.keys(VARIANTS) : (values.variant ?? 'default').split(';');
    for (const name of names) printRow(name, await evaluate(ctx, collection, name));
  } finally {
    if (!values.keep) await ctx.drop();
    await ctx.close();
  }
}

interface Scores {
  ndcg10: number;
  map: number;
  recall100: number;
  queries: number;
}

async function evaluate(ctx: EvalContext, collection: Collection, variant: string): Promise<Scores> {
  const perQuery: { ndcg: number; ap: number; recall: number }[] = [];
  for (const query of collection.queries) {
    const grades = collection.judgements.get(query.id);
    if (!grades || grades.size === 0) continue;
    const ranked = await rank(ctx, query.text, variant);
    perQuery.push({
      ndcg: ndcgAt(10, ranked, grades),
      ap: averagePrecision(ranked, grades),
      recall: recallAt(DEPTH, ranked, grades),
    });
  }
  return {
    ndcg10: mean(perQuery.map((q) => q.ndcg)),
    map: mean(perQuery.map((q) => q.ap)),
    recall100: mean(perQuery.map((q) => q.recall)),
    queries: perQuery.length,
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
  const result = await ctx.es.search<{ id: string }>({ index: ctx.alias, ...body });
  return result.hits.hits.map((h) => h._source?.id ?? String(h._id));
}

function printRow(name: string, s: Scores): void {
  const f = (n: number) => n.toFixed(4);
  console.log(
    `${name.padEnd(24)} nDCG@10 ${f(s.ndcg10)}  MAP ${f(s.map)}  recall@100 ${f(s.recall100)}  queries ${s.queries}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
