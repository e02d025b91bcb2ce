import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { IsOmittable } from './validators';
import { ProductDto } from './product.dto';

/** PUT body: the path names the product, so the body id may be left out (if present it must match). */
export class ReplaceProductDto extends OmitType(ProductDto, ['id'] as const) {
  @ApiPropertyOptional({ example: 'sku-10442', description: 'Must equal the path id when present' })
  @IsOmittable()
  @IsString()
  id?: string;
}
