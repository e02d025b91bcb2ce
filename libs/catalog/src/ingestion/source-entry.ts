import type { Product } from '../domain/product';
import { validateProduct } from '../dto/validate-product';

/** One record of a bulk body or seed file: a valid product, or why that line was rejected. */
export type SourceEntry = { line: number; product: Product } | { line: number; reason: string };

/** Parses and validates one JSON text; `line` is 1-based and only used for reporting. */
export function parseProductJson(text: string, line: number): SourceEntry {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, reason: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  return validatedEntry(value, line);
}

export function validatedEntry(value: unknown, line: number): SourceEntry {
  const result = validateProduct(value);
  return result.ok ? { line, product: result.product } : { line, reason: result.reason };
}
