/**
 * Told after every successful catalog write (single or bulk), so whatever caches search results
 * can drop them. Implementations must be cheap and must not throw for a lost notification
 * they can recover from; callers log a failure but never undo the write.
 */
export abstract class CatalogChangePublisher {
  abstract productsChanged(): Promise<void>;

  /** The same products now match differently (synonyms changed): only search results are stale. */
  abstract searchSemanticsChanged(): Promise<void>;
}
