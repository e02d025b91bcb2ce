import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { SEARCH_LIMITS, type SuggestParams } from '@app/search';
import { collapsedText, toNumber } from './query-transforms';

/** GET /search/suggest query; canonical after validation, like SearchQueryDto. */
export class SuggestQueryDto implements SuggestParams {
  @ApiPropertyOptional({
    description: 'What the user typed so far (word prefixes)',
    example: 'sony wh',
    maxLength: 100,
  })
  @Transform(collapsedText)
  @IsString()
  @MaxLength(100)
  q: string = '';

  @ApiPropertyOptional({
    description: 'Maximum number of suggestions',
    default: SEARCH_LIMITS.suggestSizeDefault,
    minimum: 1,
    maximum: SEARCH_LIMITS.suggestSizeMax,
  })
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(SEARCH_LIMITS.suggestSizeMax)
  size: number = SEARCH_LIMITS.suggestSizeDefault;
}
