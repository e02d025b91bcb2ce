import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  FacetValue,
  PriceBucket,
  PriceStats,
  Relaxed,
  SearchFacets,
  SearchHit,
  SearchResponse,
} from '@app/search';

// Swagger schemas of the search response; the controller returns the library's plain objects.

class SearchTotalDto {
  @ApiProperty({ example: 124 }) value!: number;
  @ApiProperty({ enum: ['eq', 'gte'], description: 'gte: at least `value` (counting stops at 10000)' })
  relation!: 'eq' | 'gte';
}

class HighlightDto {
  @ApiPropertyOptional({ type: [String], example: ['Sony WH-1000XM5 Wireless <em>Headphones</em>'] })
  title?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Up to 2 fragments of ~160 characters, HTML-escaped' })
  description?: string[];
}

class SearchHitDto implements SearchHit {
  @ApiProperty({ example: 'sku-1001' }) id!: string;
  @ApiProperty({ type: Number, nullable: true, example: 12.7 }) score!: number | null;
  @ApiProperty({ example: 'Sony WH-1000XM5 Wireless Headphones' }) title!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Sony' }) brand!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Audio' }) category!: string | null;
  @ApiProperty({ type: [String], example: ['bluetooth', 'noise-cancelling'] }) tags!: string[];
  @ApiProperty({ type: Number, nullable: true, example: 349.99 }) price!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'USD' }) currency!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 4.6 }) rating!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 12 }) stock!: number | null;
  @ApiProperty({ type: HighlightDto }) highlight!: HighlightDto;
}

class FacetValueDto implements FacetValue {
  @ApiProperty({ example: 'Audio' }) value!: string;
  @ApiProperty({ example: 17 }) count!: number;
}

class PriceBucketDto implements PriceBucket {
  @ApiProperty({ example: 100 }) from!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 250,
    description: 'Exclusive; null = no upper bound',
  })
  to!: number | null;
  @ApiProperty({ example: 9 }) count!: number;
}

class PriceStatsDto implements PriceStats {
  @ApiProperty({ example: 12 }) min!: number;
  @ApiProperty({ example: 1499 }) max!: number;
  @ApiProperty({ example: 286.4 }) avg!: number;
  @ApiProperty({ example: 8592 }) sum!: number;
}

class SearchFacetsDto implements SearchFacets {
  @ApiProperty({ type: [FacetValueDto], description: 'Counts respect every filter except category' })
  category!: FacetValueDto[];
  @ApiProperty({ type: [FacetValueDto], description: 'Counts respect every filter except brand' })
  brand!: FacetValueDto[];
  @ApiProperty({ type: [PriceBucketDto], description: 'Counts respect every filter except the price range' })
  price!: PriceBucketDto[];
  @ApiProperty({
    type: PriceStatsDto,
    nullable: true,
    description: 'Price bounds over the same products as `price`; null when none has a price',
  })
  priceStats!: PriceStatsDto | null;
}

class RelaxedDto implements Relaxed {
  @ApiProperty({
    type: [String],
    example: ['otr'],
    description: 'Query words the best results do not contain: no product matched every word',
  })
  dropped!: string[];
}

/** The body of `GET /search`: the search without its timing (sent as `Server-Timing`). */
export type SearchBody = Omit<SearchResponse, 'tookMs'>;

export class SearchResponseDto implements SearchBody {
  @ApiProperty({ type: SearchTotalDto }) total!: SearchTotalDto;
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 20 }) size!: number;
  @ApiProperty({ type: [SearchHitDto] }) hits!: SearchHitDto[];
  @ApiProperty({ type: SearchFacetsDto }) facets!: SearchFacetsDto;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null at the end',
  })
  nextCursor!: string | null;
  @ApiProperty({
    type: RelaxedDto,
    nullable: true,
    description: 'What the search relaxed to answer; null when the best results match every word',
  })
  relaxed!: RelaxedDto | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'headphones',
    description:
      "The query with words the catalog does not contain replaced by the catalog's closest words; null when none",
  })
  didYouMean!: string | null;
}
