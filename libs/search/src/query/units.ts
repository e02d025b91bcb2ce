/**
 * A unit written as its own word (`1/2 inch`, `50 ft.`): the index's unit char filters (see
 * products.mapping.ts) only recognise it right after its number, so the query keeps the two
 * together as one word.
 */
const UNIT_WORD = /^(?:"|''|'|in\.?|inch(?:es)?|ft\.?|feet|foot|lbs?\.?|pounds?|gal\.?|gallons?)$/i;

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
