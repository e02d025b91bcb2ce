import type { estypes } from '@elastic/elasticsearch';
import type { ParsedQuery } from './parse-query';
import { relevanceQuery } from './relevance-query';
import type { RelevanceTuning } from './relevance-tuning';

/**
 * What highlighting marks: the scoring query with one typo clause per word, the title's. The
 * highlighter builds a typo automaton per fuzzy clause for every hit and field, and with
 * `require_field_match: false` any clause marks any field; the typo fields share one analyzer and
 * the title allows the most edits (spec), so its clause alone marks the same words as all five.
 */
export function highlightQuery(parsed: ParsedQuery, tuning: RelevanceTuning): estypes.QueryDslQueryContainer {
  const titleTypos = tuning.typoFields.filter((spec) => tuning.typoTitleFields.includes(spec.split('^')[0]));
  const typoFields = titleTypos.length > 0 ? titleTypos : tuning.typoFields;
  const { must, should } = relevanceQuery(parsed, { ...tuning, typoFields });
  return { bool: { must, should } };
}
