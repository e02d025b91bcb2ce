import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addJudgement, type Collection, type Judgements } from './collection';

/** Reads homedepot-dev as its README describes: titles only, graded 0–2, gain 2^grade − 1. */
export function readHomedepot(dir: string): Collection {
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return {
    documents: jsonLines<{ id: string; title: string }>(read('products.jsonl')).map((p) => ({
      id: String(p.id),
      title: p.title,
    })),
    queries: jsonLines<{ id: string; text: string }>(read('queries.jsonl')).map((q) => ({
      id: String(q.id),
      text: q.text,
    })),
    judgements: parseQrels(read('qrels.tsv')),
  };
}

function jsonLines<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

// Grade 0 stays in the map (gain 0): judged-only nDCG needs to know a document was judged.
function parseQrels(text: string): Judgements {
  const judgements: Judgements = new Map();
  for (const line of text.split('\n')) {
    const [query, doc, grade] = line.trim().split('\t');
    if (!query || !doc || !/^[0-2]$/.test(grade ?? '')) continue;
    addJudgement(judgements, query, doc, 2 ** Number(grade) - 1);
  }
  return judgements;
}
