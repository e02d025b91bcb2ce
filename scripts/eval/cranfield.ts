import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Product } from '@app/catalog';
import { addJudgement, type Collection, type Judgements } from './collection';

/** Reads the Cranfield files as documented in the dataset's README. */
export function readCranfield(dir: string): Collection {
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return {
    documents: records(read('cran.all.1400')).map(toProduct),
    // Judgements number queries 1..225 in file order; the `.I` numbers of cran.qry are not contiguous.
    queries: records(read('cran.qry')).map((r, i) => ({
      id: String(i + 1),
      text: collapse(r.fields.W ?? ''),
    })),
    judgements: parseJudgements(read('cranqrel')),
  };
}

interface Record {
  id: string;
  fields: Partial<globalThis.Record<'T' | 'A' | 'B' | 'W', string>>;
}

function records(text: string): Record[] {
  return text
    .split(/^\.I\s+/m)
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => {
      const [idLine, ...rest] = chunk.split('\n');
      const fields: Record['fields'] = {};
      // ".T\n...\n.A\n..." → [ '', 'T', '...', 'A', '...' ]
      const parts = rest.join('\n').split(/^\.([TABW])\s*$/m);
      for (let i = 1; i < parts.length; i += 2) fields[parts[i] as 'T'] = parts[i + 1];
      return { id: idLine.trim(), fields };
    });
}

function toProduct(record: Record): Product {
  const title = collapse(record.fields.T ?? '');
  const author = collapse(record.fields.A ?? '');
  return {
    id: String(Number(record.id)),
    // A handful of records have no title; the catalog requires one, and an id is the honest stand-in.
    title: title || `cranfield ${Number(record.id)}`,
    description: withoutLeadingTitle(collapse(record.fields.W ?? ''), title),
    ...(author ? { brand: author } : {}),
    category: 'cranfield',
  };
}

// The abstract repeats the title first; indexing it twice would double-count title words.
function withoutLeadingTitle(text: string, title: string): string {
  return title && text.startsWith(title) ? text.slice(title.length).trim() : text;
}

/** Grades: code 1 (complete answer) … 4 (minimum interest) → gain 5 - code; -1 means not judged. */
function parseJudgements(text: string): Judgements {
  const judgements: Judgements = new Map();
  for (const line of text.split('\n')) {
    const [query, doc, code] = line.trim().split(/\s+/).map(Number);
    if (!Number.isInteger(query) || !(code >= 1 && code <= 4)) continue;
    addJudgement(judgements, String(query), String(doc), 5 - code);
  }
  return judgements;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
