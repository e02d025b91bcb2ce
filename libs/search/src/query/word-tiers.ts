import type { estypes } from '@elastic/elasticsearch';
import type { RelevanceTuning } from './relevance-tuning';

type Query = estypes.QueryDslQueryContainer;

/** `_name` of the clause of the query word at `index`; the response maps matched names back to words. */
export function wordClauseName(index: number): string {
  return `word:${index}`;
}

/**
 * One clause per query word, at least one must match. Each matched word adds a constant far above
 * any BM25 score, so a document matching more words always ranks above one matching fewer, and a
 * word matched exactly counts more than one matched by prefix, which counts more than a typo (a
 * typo in the title more than one in the tags).
 * BM25 (the scoring clauses) only orders documents within the same tier.
 */
export function wordTiers(words: readonly string[], t: RelevanceTuning): Query {
  const clauses = words.map((word, i) => wordClause(word, i, i === words.length - 1, t));
  return { bool: { should: clauses, minimum_should_match: 1 } };
}

function wordClause(word: string, index: number, isLast: boolean, t: RelevanceTuning): Query {
  const fields = t.fields.map(fieldName);
  const exactFields = [...fields, ...t.joinedFields];
  const alternatives: Query[] = [
    credit({ multi_match: { query: word, fields: exactFields, operator: 'and' } }, t.wordWeight),
  ];
  if (isLast || t.prefixOnEveryWord) {
    const ngramFields = t.ngramFields.map(fieldName);
    alternatives.push(
      credit(
        { multi_match: { query: word, fields: ngramFields, operator: 'and' } },
        t.wordWeight * t.prefixCredit,
      ),
    );
  }
  if (t.endingCredit > 0 && [...word].length >= t.endingMinLength && !/\d/.test(word)) {
    alternatives.push(
      credit(
        { multi_match: { query: word, fields: [...t.endingFields], operator: 'and' } },
        t.wordWeight * t.endingCredit,
      ),
    );
  }
  alternatives.push(...typoAlternatives(word, isLast, t));
  // dis_max with no tie breaker: the best way the word matched counts, once.
  return { dis_max: { queries: alternatives, tie_breaker: 0, _name: wordClauseName(index) } };
}

// One fuzzy clause per field, each worth its own share of a word: a typo in the title beats one in the tags.
function typoAlternatives(word: string, isLast: boolean, t: RelevanceTuning): Query[] {
  return t.typoFields.flatMap((spec) => {
    const [field, share] = spec.split('^');
    const edits = typoEdits(word, t, field, isLast);
    if (edits === 0) return [];
    const fuzzy = {
      query: word,
      operator: 'and' as const,
      fuzziness: edits,
      prefix_length: t.typoPrefixLength,
      max_expansions: t.typoMaxExpansions,
    };
    return credit({ match: { [field]: fuzzy } }, t.wordWeight * Number(share));
  });
}

/**
 * Edits allowed for a word in a field: none below typoMinLength, one below typoTwoEditsLength, else two
 * (typoTitleMinLength / typoTitleTwoEditsLength in the title fields); none in words with digits.
 */
export function typoEdits(word: string, t: RelevanceTuning, field?: string, isLast = false): 0 | 1 | 2 {
  const inTitle = field !== undefined && t.typoTitleFields.includes(field);
  const [minLength, twoEditsLength] = inTitle
    ? [isLast ? t.typoLastWordMinLength : t.typoTitleMinLength, t.typoTitleTwoEditsLength]
    : [t.typoMinLength, t.typoTwoEditsLength];
  const letters = [...word].length;
  if (letters < minLength || /\d/.test(word)) return 0;
  return letters < twoEditsLength ? 1 : 2;
}

function credit(filter: Query, boost: number): Query {
  return { constant_score: { filter, boost } };
}

function fieldName(spec: string): string {
  return spec.split('^')[0];
}
