import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Suggestion, SuggestResponse } from '@app/search';

class SuggestionDto implements Suggestion {
  @ApiProperty({ example: 'Sony WH-1000XM5 Wireless Headphones' }) text!: string;
  @ApiProperty({ enum: ['title', 'brand'] }) type!: 'title' | 'brand';
  @ApiPropertyOptional({ description: 'Product id (title suggestions)', example: 'sku-1001' }) id?: string;
}

export class SuggestResponseDto implements SuggestResponse {
  @ApiProperty({ type: [SuggestionDto], description: 'Matching brands first, then product titles' })
  suggestions!: SuggestionDto[];
}
