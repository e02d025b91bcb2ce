import { DEFAULT_TUNING, type RelevanceTuning } from '@app/search';

/**
 * Alternatives measured by `--compare` against the default; the numbers go to docs/relevance.md.
 * Each changes one thing, so a difference can be attributed.
 */
export const VARIANTS: Record<string, Partial<RelevanceTuning>> = {
  default: {},
  'msm 2<-25%': { minimumShouldMatch: '2<-25%' },
  'msm 2<-25% 5<20% (before)': { minimumShouldMatch: '2<-25% 5<20%' },
  'msm 100% (AND)': { minimumShouldMatch: '100%' },
  best_fields: { multiMatchType: 'best_fields' },
  'title^4': { fields: ['title^4', 'brand^2', 'tags^2', 'category^1.5', 'description^1'] },
  'title^1': { fields: ['title^1', 'brand^2', 'tags^2', 'category^1.5', 'description^1'] },
  'word tiers on every query': { tierMaxWords: Infinity },
  'no word tiers': { tierMaxWords: 0 },
  'prefix on every word': { prefixOnEveryWord: true },
  'no typos': { typoMinLength: Infinity },
  'no proximity boost': { proximityBoost: 0 },
};

/** A named variant, or a JSON object of RelevanceTuning fields for ad-hoc experiments. */
export function tuningOf(name: string): RelevanceTuning {
  const change = name.startsWith('{') ? (JSON.parse(name) as Partial<RelevanceTuning>) : VARIANTS[name];
  if (!change) throw new Error(`unknown variant "${name}"; known: ${Object.keys(VARIANTS).join(', ')}`);
  return { ...DEFAULT_TUNING, ...change };
}
