import { ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * Like @IsOptional, but only `undefined` skips validation: an explicit `null` is rejected.
 * Elasticsearch cannot remove a field in a partial update without scripts, so null is never stored.
 */
export function IsOmittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, options);
}

/**
 * Calendar date with optional time and zone, the subset of ISO 8601 Elasticsearch dates accept.
 * Offsets stop at ±18:00 (java.time's range): a valid-looking `+23:00` would pass ISO 8601
 * validation and then be refused by the index as a mapping error.
 */
export const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-](0\d|1[0-7]):?[0-5]\d|[+-]18:?00)?)?$/;

export const PRODUCT_ID_PATTERN = /^[A-Za-z0-9._:-]+$/;
