import { OmitType, PartialType } from '@nestjs/swagger';
import { ProductDto } from './product.dto';

/**
 * PATCH body: any subset of the fields, validated by the same rules; the id cannot change
 * (sending it is rejected as an unknown field). `null` is rejected rather than stored.
 */
export class PatchProductDto extends PartialType(OmitType(ProductDto, ['id'] as const), {
  skipNullProperties: false,
}) {}
