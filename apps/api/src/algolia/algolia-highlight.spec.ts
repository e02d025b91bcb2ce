import { highlightOf, highlightWhole, snippetOf, unescapeHtml } from './algolia-highlight';

const TAGS = { pre: '[', post: ']' };

describe('Algolia highlights from Elasticsearch highlights', () => {
  it('unescapes the text and puts the caller tags around the matches', () => {
    expect(highlightOf('Tom & Jerry <DVD>', 'Tom &amp; <em>Jerry</em> &lt;DVD&gt;', 1, TAGS)).toEqual({
      value: 'Tom & [Jerry] <DVD>',
      matchLevel: 'full',
      matchedWords: ['jerry'],
      fullyHighlighted: false,
    });
  });

  it('is partial when fewer words matched than the query has, none without a highlight', () => {
    expect(highlightOf('Sony Speaker', '<em>Sony</em> Speaker', 2, TAGS).matchLevel).toBe('partial');
    expect(highlightOf('Sony Speaker', undefined, 2, TAGS)).toEqual({
      value: 'Sony Speaker',
      matchLevel: 'none',
      matchedWords: [],
    });
  });

  it('marks the whole description with the words its fragments matched, as whole words only', () => {
    const text = 'Wireless mouse. A wireless receiver; not wirelessly.';
    expect(highlightWhole(text, ['A <em>wireless</em> receiver'], 1, TAGS).value).toBe(
      '[Wireless] mouse. A [wireless] receiver; not wirelessly.',
    );
  });

  it('joins snippet fragments with an ellipsis', () => {
    expect(snippetOf('x', ['one <em>a</em> two', 'three <em>b</em>'], 2, TAGS).value).toBe(
      'one [a] two … three [b]',
    );
  });

  it('decodes numeric entities', () => {
    expect(unescapeHtml('it&#x27;s &#47; &quot;x&quot;')).toBe('it\'s / "x"');
  });
});
