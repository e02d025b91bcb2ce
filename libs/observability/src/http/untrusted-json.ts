/** Keys that reach into the prototype chain when an object is mapped onto a class or merged. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Deepest nesting accepted in a body; products are at most two levels deep (tags). */
export const MAX_JSON_DEPTH = 16;

/**
 * Why a parsed, untrusted JSON value must not be handed to class-transformer, or undefined when
 * it is safe: a prototype key at any depth (class-transformer follows a `constructor` key and
 * throws on a non-function one) or nesting so deep that mapping it would exhaust the stack.
 * Iterative, so a hostile body cannot overflow the stack here either.
 */
export function unsafeJsonReason(value: unknown): string | undefined {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth >= MAX_JSON_DEPTH) return `the JSON is nested deeper than ${MAX_JSON_DEPTH} levels`;
    for (const key of Object.keys(item.value)) {
      if (FORBIDDEN_KEYS.has(key)) return `"${key}" is not allowed as a field name`;
      pending.push({ value: (item.value as Record<string, unknown>)[key], depth: item.depth + 1 });
    }
  }
  return undefined;
}
