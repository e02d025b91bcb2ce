import { PRODUCTS_SETTINGS, SYNONYM_FILTER } from './products.mapping';
import { synonymsIn, withSynonyms } from './synonyms.adapter';

describe('synonym rules in index settings', () => {
  const key = `index.analysis.filter.${SYNONYM_FILTER}.synonyms`;

  it('reads the rules from flat settings, as a list or as numbered keys', () => {
    expect(synonymsIn({ 'x-v1': { settings: { [key]: ['tv, television'] } } })).toEqual(['tv, television']);
    const numbered = { [`${key}.1`]: 'b, c', [`${key}.0`]: 'a => b', [`${key}.10`]: 'k, l' };
    expect(synonymsIn({ 'x-v1': { settings: numbered } })).toEqual(['a => b', 'b, c', 'k, l']);
    expect(synonymsIn({ 'x-v1': { settings: {} } })).toEqual([]);
  });

  it('puts the rules into a copy of the settings a rebuild creates the index with', () => {
    const settings = withSynonyms(PRODUCTS_SETTINGS, ['tv, television']);
    expect(settings.analysis?.filter?.[SYNONYM_FILTER]).toEqual({
      type: 'synonym_graph',
      synonyms: ['tv, television'],
      updateable: true,
    });
    expect(PRODUCTS_SETTINGS.analysis?.filter?.[SYNONYM_FILTER]).toMatchObject({ synonyms: [] });
  });
});
