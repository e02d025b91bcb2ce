import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class BulkErrorDto {
  @ApiPropertyOptional({ example: 3, description: 'NDJSON: 1-based line; JSON array: 1-based position' })
  line?: number;

  @ApiPropertyOptional({
    example: 'sku-10442',
    description: 'Set when Elasticsearch refused a valid product',
  })
  id?: string;

  @ApiProperty({ example: 'price must not be less than 0' })
  reason!: string;
}

/** `indexed + failed` always equals the number of products sent. */
export class BulkResultDto {
  @ApiProperty({ example: 998 })
  indexed!: number;

  @ApiProperty({ example: 2 })
  failed!: number;

  @ApiProperty({ type: [BulkErrorDto] })
  errors!: BulkErrorDto[];
}
