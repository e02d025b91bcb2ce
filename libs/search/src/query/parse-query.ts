/**
 * What the user typed, split into the parts the builder treats differently. Every part is plain
 * text that only ever reaches Elasticsearch through analyzed `match*` queries, so characters such
 * as `( ) : * ~ / \` or words like `AND` carry no query syntax.
 */
export interface ParsedQuery {
  /** Free words, joined by single spaces ('' when none). */
  terms: string;
  /** Quoted phrases the document must contain. */
  phrases: string[];
  /** Words or phrases after a leading `-` that the document must not contain. */
  excludes: string[];
}

// A quoted phrase (optionally negated), or a run of non-space characters (optionally negated).
const TOKEN = /(-?)"([^"]*)"|(\S+)/g;

export function parseQuery(input: string): ParsedQuery {
  const terms: string[] = [];
  const phrases: string[] = [];
  const excludes: string[] = [];
  for (const match of input.matchAll(TOKEN)) {
    const [, negated, phrase, word] = match;
    if (phrase !== undefined) {
      const text = collapse(phrase);
      if (text) (negated ? excludes : phrases).push(text);
    } else if (word.startsWith('-')) {
      // `-` alone, or `--`, excludes nothing; `wi-fi` is not an exclusion (the dash is inside).
      const text = word.replace(/^-+/, '');
      if (text) excludes.push(text);
    } else {
      terms.push(word);
    }
  }
  return { terms: terms.join(' '), phrases: unique(phrases), excludes: unique(excludes) };
}

/** Same text, same query: used for cursor fingerprints, so spacing changes do not matter. */
export function normalizeQueryText(input: string): string {
  return collapse(input);
}

function collapse(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

function unique(values: string[]): string[] {
  return [...new Set(values.map((v) => v.toLowerCase()))];
}
