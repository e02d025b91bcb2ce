/**
 * Query-string conversions for class-transformer. Each one converts only well-formed input and
 * passes anything else through unchanged, so the validators reject it (a 400 naming the field)
 * instead of it silently becoming a default: `size=abc` is an error, not 20; `minPrice=` is not 0.
 */
type Input = { value: unknown };

export const toNumber = ({ value }: Input): unknown =>
  typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;

export const toBoolean = ({ value }: Input): unknown => {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
};

export const trimmed = ({ value }: Input): unknown => (typeof value === 'string' ? value.trim() : value);

/** Spacing never changes the results, so it must not change the cache key either. */
export const collapsedText = ({ value }: Input): unknown =>
  typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value;

/**
 * `tags=a,b` and `tags=a&tags=b` both mean [a, b]. Tags are all required, so order and repeats do
 * not matter: sorted and deduplicated for a canonical request.
 */
export const toStringList = ({ value }: Input): unknown => {
  if (value === undefined) return value;
  const raw = Array.isArray(value) ? value : [value];
  if (!raw.every((v) => typeof v === 'string')) return value;
  const parts = raw
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return [...new Set(parts)].sort();
};
