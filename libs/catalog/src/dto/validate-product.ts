import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { unsafeJsonReason } from '@app/observability';
import type { Product } from '../domain/product';
import { ProductDto } from './product.dto';

export type ProductValidation = { ok: true; product: Product } | { ok: false; reason: string };

/** The HTTP ValidationPipe's rules, for input that does not come through a controller (bulk, seed). */
export function validateProduct(value: unknown): ProductValidation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'expected a JSON object' };
  }
  const unsafe = unsafeJsonReason(value);
  if (unsafe !== undefined) return { ok: false, reason: unsafe };
  const dto = plainToInstance(ProductDto, value);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) return { ok: false, reason: describeErrors(errors) };
  return { ok: true, product: withoutUndefined(dto) };
}

export function describeErrors(errors: readonly ValidationError[]): string {
  return errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ');
}

/** Drops unset optional fields so stored documents and comparisons carry only real values. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
