import { type SourceEntry, validatedEntry } from './source-entry';

/** A JSON array body: each element is validated on its own; `line` is its 1-based position. */
export function parseJsonArrayItems(items: readonly unknown[]): SourceEntry[] {
  return items.map((item, index) => validatedEntry(item, index + 1));
}
