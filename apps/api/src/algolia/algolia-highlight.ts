/** Algolia's highlight of one attribute. */
export interface HighlightResult {
  value: string;
  matchLevel: 'none' | 'partial' | 'full';
  matchedWords: string[];
  fullyHighlighted?: boolean;
}

export interface HighlightTags {
  pre: string;
  post: string;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Elasticsearch's highlights are HTML (the text escaped, matches in <em>); Algolia's are the raw
 * text with the caller's tags around matches (InstantSearch escapes it itself, then turns its own
 * tags into <mark>). Returns the raw pieces, odd ones matched.
 */
export function splitHighlight(html: string): string[] {
  return html.split(/<\/?em>/).map(unescapeHtml);
}

export function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) ? String.fromCodePoint(code) : entity;
    }
    return ENTITIES[name.toLowerCase()] ?? entity;
  });
}

/** The words a highlight marked, lowercased, in order of first appearance. */
export function markedWords(highlights: readonly string[]): string[] {
  const words = highlights.flatMap((html) =>
    splitHighlight(html)
      .filter((_, i) => i % 2 === 1)
      .map((w) => w.toLowerCase()),
  );
  return [...new Set(words)];
}

/** An attribute's Algolia highlight: from Elasticsearch's fragment when it has one, else unmarked. */
export function highlightOf(
  text: string,
  fragment: string | undefined,
  queryWords: number,
  tags: HighlightTags,
): HighlightResult {
  if (fragment === undefined) return { value: text, matchLevel: 'none', matchedWords: [] };
  const pieces = splitHighlight(fragment);
  return result(pieces, markedWords([fragment]), queryWords, tags);
}

/**
 * A long text's highlight from its fragments (Elasticsearch highlights only the best passages of
 * a description): the whole text, with every whole-word occurrence of the marked words marked.
 */
export function highlightWhole(
  text: string,
  fragments: readonly string[] | undefined,
  queryWords: number,
  tags: HighlightTags,
): HighlightResult {
  const words = markedWords(fragments ?? []);
  if (words.length === 0) return { value: text, matchLevel: 'none', matchedWords: [] };
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(${words.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`,
    'giu',
  );
  return result(text.split(pattern), words, queryWords, tags);
}

/** Algolia's snippet of a long text: the highlighted fragments, joined by an ellipsis. */
export function snippetOf(
  text: string,
  fragments: readonly string[] | undefined,
  queryWords: number,
  tags: HighlightTags,
): HighlightResult {
  if (!fragments || fragments.length === 0) return { value: text, matchLevel: 'none', matchedWords: [] };
  const pieces = fragments.flatMap((fragment, i) => {
    const parts = splitHighlight(fragment);
    // Joining keeps the alternation matched/unmatched: a separator goes into an unmatched piece.
    return i === 0 ? parts : [JOIN, ...parts];
  });
  return result(mergeJoins(pieces), markedWords(fragments), queryWords, tags);
}

const JOIN = '\u0000';

function mergeJoins(pieces: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    if (pieces[i] === JOIN) out[out.length - 1] = `${out[out.length - 1] ?? ''} … ${pieces[++i] ?? ''}`;
    else out.push(pieces[i]);
  }
  return out;
}

function result(
  pieces: readonly string[],
  matchedWords: string[],
  queryWords: number,
  tags: HighlightTags,
): HighlightResult {
  const value = pieces.map((piece, i) => (i % 2 === 1 ? `${tags.pre}${piece}${tags.post}` : piece)).join('');
  const unmatched = pieces.filter((_, i) => i % 2 === 0).join('');
  if (matchedWords.length === 0) return { value, matchLevel: 'none', matchedWords };
  return {
    value,
    matchLevel: matchedWords.length >= queryWords ? 'full' : 'partial',
    matchedWords,
    fullyHighlighted: unmatched.trim() === '',
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
