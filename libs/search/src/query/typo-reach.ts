/** A typo clause of a built query: the word, the field it searches and the edits it allows. */
export interface TypoClause {
  readonly field: string;
  readonly word: string;
  readonly edits: number;
}

/**
 * Damerau-Levenshtein distance (unrestricted: transpositions of any adjacent symbols), by code
 * point, or `limit + 1` as soon as it must exceed `limit`. It is never above the distance Lucene's
 * typo automata use, so "within k" here includes every term they accept.
 */
export function editDistanceWithin(a: string, b: string, limit: number): number {
  // Most pairs a reach check meets are far apart: turned away by a bound, without the table.
  if (bagDistance(a, b) > limit) return limit + 1;
  const s = Array.from(a);
  const t = Array.from(b);
  if (Math.abs(s.length - t.length) > limit) return limit + 1;
  const inf = s.length + t.length;
  const last = new Map<string, number>();
  // d[i+1][j+1] = distance between s[0..i) and t[0..j), with a sentinel row and column.
  const d: number[][] = Array.from({ length: s.length + 2 }, () => new Array<number>(t.length + 2).fill(0));
  d[0][0] = inf;
  for (let i = 0; i <= s.length; i++) [d[i + 1][0], d[i + 1][1]] = [inf, i];
  for (let j = 0; j <= t.length; j++) [d[0][j + 1], d[1][j + 1]] = [inf, j];
  for (let i = 1; i <= s.length; i++) {
    let db = 0;
    for (let j = 1; j <= t.length; j++) {
      const i1 = last.get(t[j - 1]) ?? 0;
      const j1 = db;
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      if (cost === 0) db = j;
      d[i + 1][j + 1] = Math.min(
        d[i][j] + cost,
        d[i + 1][j] + 1,
        d[i][j + 1] + 1,
        d[i1][j1] + (i - i1 - 1) + 1 + (j - j1 - 1),
      );
    }
    last.set(s[i - 1], i);
  }
  return Math.min(d[s.length + 1][t.length + 1], limit + 1);
}

const bag = new Int32Array(64);

/**
 * A lower bound of the distance, or 0 if either string has a surrogate pair: how many characters
 * one holds that the other lacks, the larger of the two counts (an edit changes each count by at
 * most one, a transposition neither), and at least the length difference. Characters are counted
 * in 64 bins by code unit: a shared bin can only hide a difference, so the bound stays below.
 */
function bagDistance(a: string, b: string): number {
  for (let i = 0; i < a.length; i++) {
    const code = a.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) return clear(a, i);
    bag[code & 63]++;
  }
  for (let i = 0; i < b.length; i++) {
    const code = b.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) return clear(a, a.length, b, i);
    bag[code & 63]--;
  }
  let onlyA = 0;
  let onlyB = 0;
  for (let i = 0; i < a.length; i++) {
    const bin = a.charCodeAt(i) & 63;
    if (bag[bin] > 0) onlyA += bag[bin];
    bag[bin] = 0;
  }
  for (let i = 0; i < b.length; i++) {
    const bin = b.charCodeAt(i) & 63;
    if (bag[bin] < 0) onlyB -= bag[bin];
    bag[bin] = 0;
  }
  return Math.max(onlyA, onlyB);
}

/** Empties the bins the first `countedA` characters of `a` (and `countedB` of `b`) filled; 0. */
function clear(a: string, countedA: number, b = '', countedB = 0): number {
  for (let i = 0; i < countedA; i++) bag[a.charCodeAt(i) & 63] = 0;
  for (let i = 0; i < countedB; i++) bag[b.charCodeAt(i) & 63] = 0;
  return 0;
}

/** Whether some token is within `edits` of some term (a superset of what a typo clause can match). */
export function withinEdits(tokens: readonly string[], terms: Iterable<string>, edits: number): boolean {
  if (tokens.length === 0) return false;
  for (const term of terms) {
    for (const token of tokens) if (editDistanceWithin(token, term, edits) <= edits) return true;
  }
  return false;
}

/**
 * Splits the tokens `_analyze` returned for an array of texts back to each text: Elasticsearch
 * offsets the i-th text by the lengths of the ones before it plus one each. Undefined when a token
 * falls outside every text (the caller then trusts nothing of it).
 */
export function tokensPerText(
  texts: readonly string[],
  tokens: readonly { token: string; start_offset: number }[],
): string[][] | undefined {
  const starts: number[] = [];
  let offset = 0;
  for (const text of texts) {
    starts.push(offset);
    offset += text.length + 1;
  }
  const per = texts.map((): string[] => []);
  for (const { token, start_offset: start } of tokens) {
    let i = starts.length - 1;
    while (i >= 0 && starts[i] > start) i--;
    if (i < 0 || start > starts[i] + texts[i].length) return undefined;
    per[i].push(token);
  }
  return per;
}
