import {
  type ArgumentMetadata,
  BadRequestException,
  ValidationPipe,
  type ValidationPipeOptions,
} from '@nestjs/common';
import { unsafeJsonReason } from './untrusted-json';

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

/**
 * ValidationPipe with the app's options that first refuses input class-transformer must not see
 * (prototype keys, absurd nesting): a 400 naming the problem instead of a crash or a polluted DTO.
 */
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super(VALIDATION_PIPE_OPTIONS);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Only what is mapped onto a DTO class; raw bodies (bulk) are checked record by record.
    const reason = this.toValidate(metadata) ? unsafeJsonReason(value) : undefined;
    if (reason !== undefined) throw new BadRequestException(`The request is invalid: ${reason}.`);
    return super.transform(value, metadata);
  }
}
