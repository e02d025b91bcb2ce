import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ALGOLIA_INDEX_NAMES } from './algolia-index';

// Swagger schemas of the Algolia multi-query; the controller parses the raw body itself
// (algoliasearch sends it as text/plain), see algolia-params.ts.

class AlgoliaQueryDto {
  @ApiProperty({ enum: ALGOLIA_INDEX_NAMES, description: 'products, or a sort replica of it' })
  indexName!: string;
  @ApiPropertyOptional({
    description: 'url-encoded parameters (older clients); JSON fields below win over it',
    example: 'query=headphones&hitsPerPage=5',
  })
  params?: string;
  @ApiPropertyOptional({ example: 'headphones' }) query?: string;
  @ApiPropertyOptional({ description: '0-based', example: 0 }) page?: number;
  @ApiPropertyOptional({ description: '0 to 100; 0 = facets only', example: 20 }) hitsPerPage?: number;
  @ApiPropertyOptional({ type: [String], example: ['category', 'brand', 'price'] }) facets?: string[];
  @ApiPropertyOptional({
    description: 'AND of entries, an inner list is an OR group (one value per attribute here)',
    example: [['category:Audio'], 'brand:Sony'],
    type: 'array',
    items: {},
  })
  facetFilters?: unknown[];
  @ApiPropertyOptional({ type: [String], example: ['price>=50', 'price<=400'] }) numericFilters?: string[];
  @ApiPropertyOptional({ example: '__ais-highlight__' }) highlightPreTag?: string;
  @ApiPropertyOptional({ example: '__/ais-highlight__' }) highlightPostTag?: string;
}

export class AlgoliaMultiQueryRequestDto {
  @ApiProperty({ type: [AlgoliaQueryDto] }) requests!: AlgoliaQueryDto[];
  @ApiPropertyOptional({ enum: ['none', 'stopIfEnoughMatches'], description: 'Every query runs either way' })
  strategy?: string;
}

class HighlightResultDto {
  @ApiProperty({ example: 'Sony WH-1000XM5 Wireless <em>Headphones</em>' }) value!: string;
  @ApiProperty({ enum: ['none', 'partial', 'full'] }) matchLevel!: string;
  @ApiProperty({ type: [String], example: ['headphones'] }) matchedWords!: string[];
  @ApiPropertyOptional() fullyHighlighted?: boolean;
}

class AlgoliaHitDto {
  @ApiProperty({ example: 'sku-1001' }) objectID!: string;
  @ApiPropertyOptional({ example: 'Sony WH-1000XM5 Wireless Headphones' }) title?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) description?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) brand?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) category?: string | null;
  @ApiPropertyOptional({ type: [String] }) tags?: string[];
  @ApiPropertyOptional({ type: Number, nullable: true }) price?: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) currency?: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) rating?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) stock?: number | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/HighlightResultDto' },
    description: 'title, description (whole text), brand, category',
  })
  _highlightResult?: Record<string, HighlightResultDto>;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/HighlightResultDto' },
    description: "description: Elasticsearch's best fragments, joined by …",
  })
  _snippetResult?: Record<string, HighlightResultDto>;
}

class FacetStatsDto {
  @ApiProperty() min!: number;
  @ApiProperty() max!: number;
  @ApiProperty() avg!: number;
  @ApiProperty() sum!: number;
}

class AlgoliaCacheDto {
  @ApiProperty({ enum: ['HIT', 'MISS', 'STALE', 'BYPASS'] }) status!: string;
  @ApiProperty({ description: 'Age of the cached answer in ms; 0 when just loaded' }) ageMS!: number;
}

class AlgoliaResultDto {
  @ApiProperty({ type: [AlgoliaHitDto] }) hits!: AlgoliaHitDto[];
  @ApiProperty({ example: 42 }) nbHits!: number;
  @ApiProperty({ description: '0-based', example: 0 }) page!: number;
  @ApiProperty({ example: 3 }) nbPages!: number;
  @ApiProperty({ example: 20 }) hitsPerPage!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'integer' } },
    example: { category: { Audio: 7 }, brand: { Sony: 4 }, price: {} },
    description: 'Counts per value for category and brand; price has no values (see facets_stats)',
  })
  facets!: Record<string, Record<string, number>>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/FacetStatsDto' },
  })
  facets_stats!: Record<string, FacetStatsDto>;
  @ApiProperty() exhaustiveFacetsCount!: boolean;
  @ApiProperty({ description: 'false when nbHits is a lower bound (10000+)' }) exhaustiveNbHits!: boolean;
  @ApiProperty({ description: 'Time this service spent on the query, cache included' })
  processingTimeMS!: number;
  @ApiProperty() query!: string;
  @ApiProperty({ description: 'The parameters as received, url-encoded' }) params!: string;
  @ApiProperty({ example: 'products' }) index!: string;
  @ApiProperty({ type: AlgoliaCacheDto, description: 'Extension: how this query was answered' })
  cache!: AlgoliaCacheDto;
}

export class AlgoliaMultiQueryResponseDto {
  @ApiProperty({ type: [AlgoliaResultDto], description: 'One per request, in order' })
  results!: AlgoliaResultDto[];
}

export const ALGOLIA_EXTRA_MODELS = [HighlightResultDto, FacetStatsDto];
