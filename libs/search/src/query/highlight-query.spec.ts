import type { estypes } from '@elastic/elasticsearch';
import { PRODUCTS_MAPPINGS } from '../elasticsearch/products.mapping';
import { highlightQuery } from './highlight-query';
import { parseQuery } from './parse-query';
import { relevanceQuery } from './relevance-query';
import { DEFAULT_TUNING } from './relevance-tuning';
import { typoEdits } from './word-tiers';

const fieldOf = (spec: string): string => spec.split('^')[0];
const fuzzyClauses = (query: unknown): number => JSON.stringify(query).split('"fuzziness"').length - 1;

describe('highlightQuery', () => {
  const t = DEFAULT_TUNING;
  const [title, ...others] = t.typoFields.map(fieldOf);

  // What makes one typo clause enough: if a retune breaks either, highlights would lose words.
  it("relies on the title's typo clause allowing at least the edits of every other typo field", () => {
    expect(t.typoTitleFields).toEqual([title]);
    for (let letters = 1; letters <= 24; letters++) {
      for (const isLast of [false, true]) {
        const word = 'a'.repeat(letters);
        for (const field of others) {
          expect(typoEdits(word, t, title, isLast)).toBeGreaterThanOrEqual(typoEdits(word, t, field, isLast));
        }
      }
    }
  });

  it('relies on the typo fields sharing one analyzer (same token, so the same automaton)', () => {
    const props = PRODUCTS_MAPPINGS.properties as Record<string, estypes.MappingTextProperty>;
    const analyzers = new Set(
      t.typoFields.map(fieldOf).map((f) => `${props[f].analyzer}/${props[f].search_analyzer}`),
    );
    expect(analyzers.size).toBe(1);
  });

  it('keeps one typo clause per word (the title’s) and every other clause of the scoring query', () => {
    const parsed = parseQuery('wireles headphones "noise cancelling"');
    const full = relevanceQuery(parsed, t);
    const highlight = highlightQuery(parsed, t);
    expect(fuzzyClauses(full.must)).toBe(2 * t.typoFields.length);
    expect(fuzzyClauses(highlight)).toBe(2);
    expect(JSON.stringify(highlight)).toContain('"title":{"query":"wireles"');
    const withoutTypos = (q: unknown) =>
      JSON.stringify(q).replace(
        /\{"constant_score":\{"filter":\{"match":\{"[a-z]+":\{[^}]*"fuzziness"[^}]*\}\}\},"boost":[\d.]+\}\},?/g,
        '',
      );
    expect(withoutTypos(highlight.bool?.must)).toEqual(withoutTypos(full.must));
    expect(highlight.bool?.should).toEqual(full.should);
  });
});
