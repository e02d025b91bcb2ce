import type { ValidationPipeOptions } from '@nestjs/common';

/**
 * The app's validation rules, shared by the global ValidationPipe and the cache's request
 * canonicalizer (so a cache key is always built from the very DTO the controller gets).
 * Unknown fields are an error, not silently dropped.
 */
export const VALIDATION_PIPE_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
};
