import { ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * Like @IsOptional, but only `undefined` skips validation: an explicit `null` is rejected.
 * Elasticsearch cannot remove a field in a partial update without scripts, so null is never stored.
 */
export function IsOmittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, options);
}

/** Calendar date with optional time and zone, the subset of ISO 8601 Elasticsearch dates accept. */
export const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export const PRODUCT_ID_PATTERN = /^[A-Za-z0-9._:-]+$/;
