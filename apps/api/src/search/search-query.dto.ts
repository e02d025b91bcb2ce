import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { SEARCH_LIMITS, SEARCH_SORTS, type SearchParams, type SearchSort } from '@app/search';
import { collapsedText, toBoolean, toNumber, toStringList, trimmed } from './query-transforms';
import { NotBelow } from './not-below.validator';

const L = SEARCH_LIMITS;

/**
 * GET /search query. After validation the instance is canonical and fully defaulted (the cache
 * key is built from it): text trimmed, tags sorted, every default filled in.
 */
export class SearchQueryDto implements SearchParams {
  @ApiPropertyOptional({
    description: 'Search text. `"quoted phrase"` must appear as is; `-word` excludes. Empty: browse.',
    example: 'wireless headphones -refurbished',
    maxLength: L.qMaxLength,
    default: '',
  })
  @Transform(collapsedText)
  @IsString()
  @MaxLength(L.qMaxLength)
  q: string = '';

  @ApiPropertyOptional({ description: 'Category (exact, case-insensitive)', example: 'Audio' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(L.filterMaxLength)
  category?: string;

  @ApiPropertyOptional({ description: 'Brand (exact, case-insensitive)', example: 'Sony' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(L.filterMaxLength)
  brand?: string;

  @ApiPropertyOptional({
    description: 'Tags the product must all have: comma-separated and/or repeated',
    type: [String],
    example: ['bluetooth', 'noise-cancelling'],
  })
  @Transform(toStringList)
  @IsString({ each: true })
  @MaxLength(L.filterMaxLength, { each: true })
  @ArrayMaxSize(L.tagsMaxCount)
  tags: string[] = [];

  @ApiPropertyOptional({ description: 'Lowest price, inclusive', example: 50, minimum: 0 })
  @IsOptional()
  @Transform(toNumber)
  @IsNumber()
  @Min(0)
  minPrice?: number;

  @ApiPropertyOptional({
    description: 'Highest price, inclusive; not below minPrice',
    example: 300,
    minimum: 0,
  })
  @IsOptional()
  @Transform(toNumber)
  @IsNumber()
  @Min(0)
  @NotBelow('minPrice')
  maxPrice?: number;

  @ApiPropertyOptional({ description: 'true: only stock > 0; false: only out of stock', example: true })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  inStock?: boolean;

  @ApiPropertyOptional({
    description: 'relevance (newest first when q is empty), price_asc, price_desc, newest, rating',
    enum: SEARCH_SORTS,
    default: 'relevance',
  })
  @IsIn(SEARCH_SORTS)
  sort: SearchSort = 'relevance';

  @ApiPropertyOptional({
    description: 'Page, 1-based; page × size ≤ 10000',
    default: 1,
    minimum: 1,
    example: 1,
  })
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({
    description: 'Hits per page',
    default: L.sizeDefault,
    minimum: 1,
    maximum: L.sizeMax,
  })
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(L.sizeMax)
  size: number = L.sizeDefault;

  @ApiPropertyOptional({
    description: 'nextCursor of the previous response, to continue past page × size = 10000 (omit page)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  cursor?: string;
}
