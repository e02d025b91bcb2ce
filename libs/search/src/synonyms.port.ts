/**
 * The catalog's managed synonym rules (Solr format: `tv, television` or `laptop => notebook`),
 * applied at search time (the DI token; the Elasticsearch adapter implements it).
 *
 * Contract:
 * - `replace` validates the whole set first: a rule Elasticsearch cannot parse rejects with
 *   SearchError 'invalid_synonyms' and leaves the live rules untouched.
 * - When `replace` resolves, the next search uses the new rules (no reindex); the rules live in
 *   the index settings and a rebuild (`cli reindex`) carries them over.
 * - The caller retires cached search responses (CatalogChangePublisher.searchSemanticsChanged).
 */
export abstract class CatalogSynonyms {
  abstract get(): Promise<string[]>;

  /** Replaces every rule; returns the rules now in force. */
  abstract replace(rules: readonly string[]): Promise<string[]>;
}
