/**
 * A unit written as its own word (`1/2 inch`, `50 ft.`): the index's unit char filters (see
 * products.mapping.ts) only recognise it right after its number, so the query keeps the two
 * together as one word.
 */
const UNIT_WORD = /^(?:"|''|'|in\.?|inch(?:es)?|ft\.?|feet|foot|lbs?\.?|pounds?|gal\.?|gallons?)$/i;

/**
 * `2 x 4`, `36 in. x 18 ft.` → `2x4`, `36x18 ft.`: the index's dimensions char filter joins them the same
 * way, so a size typed with spaces stays one query word (one tier word) instead of three.
 */
const DIMENSION =
  /(?<![\d/.])(\d+(?:\.\d+)?)\s*(?:(?:"|''|'|in\.?|inch(?:es)?|ft\.?|feet|foot)\s*)?[x×]\s*(?=\d+(?:\.\d+)?(?![\d/]))/gi;

export function joinDimensions(terms: string): string {
  return terms.replace(DIMENSION, '$1x');
}

export function joinUnits(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    const previous = out.at(-1);
    if (previous !== undefined && /\d$/.test(previous) && UNIT_WORD.test(word))
      out[out.length - 1] += ` ${word}`;
    else out.push(word);
  }
  return out;
}
