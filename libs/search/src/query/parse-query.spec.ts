import fc from 'fast-check';
import { parseQuery } from './parse-query';

describe('parseQuery', () => {
  it('keeps plain words as terms', () => {
    expect(parseQuery('  wireless   headphones ')).toEqual({
      terms: 'wireless headphones',
      phrases: [],
      excludes: [],
    });
  });

  it('takes quoted text as a phrase and the rest as terms', () => {
    expect(parseQuery('sony "noise cancelling" headphones')).toEqual({
      terms: 'sony headphones',
      phrases: ['noise cancelling'],
      excludes: [],
    });
  });

  it('takes -word and -"a phrase" as exclusions', () => {
    expect(parseQuery('headphones -wired -"in ear"')).toEqual({
      terms: 'headphones',
      phrases: [],
      excludes: ['wired', 'in ear'],
    });
  });

  it('does not treat a dash inside a word, a lone dash or an empty phrase as an operator', () => {
    expect(parseQuery('wi-fi - router "" --')).toEqual({ terms: 'wi-fi router', phrases: [], excludes: [] });
  });

  it('leaves an unterminated quote as ordinary text', () => {
    expect(parseQuery('"noise cancelling')).toEqual({
      terms: '"noise cancelling',
      phrases: [],
      excludes: [],
    });
  });

  it('passes query-syntax characters and operators through as plain text', () => {
    const input = 'title:(foo OR bar*) AND baz~2 /re/ \\ +must';
    expect(parseQuery(input)).toEqual({ terms: input, phrases: [], excludes: [] });
  });

  it('never loses or invents words (property)', () => {
    const word = fc.stringMatching(/^[a-z]{1,8}$/);
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), fc.array(word, { maxLength: 3 }), (words, negated) => {
        const input = [...words, ...negated.map((w) => `-${w}`)].join(' ');
        const parsed = parseQuery(input);
        expect(parsed.terms).toBe(words.join(' '));
        expect(parsed.excludes).toEqual([...new Set(negated)]);
      }),
    );
  });
});
