import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsISO4217CurrencyCode,
  IsISO8601,
  IsNumber,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PRODUCT_LIMITS } from '../domain/product';
import { IsOmittable, ISO_DATE_TIME, PRODUCT_ID_PATTERN } from './validators';

const L = PRODUCT_LIMITS;
const FINITE = { allowNaN: false, allowInfinity: false };

/**
 * A product as clients send it (POST, bulk, seed files) and as the API returns it.
 * The same rules validate HTTP bodies and every line of a bulk or seed file.
 */
export class ProductDto {
  @ApiProperty({
    example: 'sku-10442',
    minLength: 1,
    maxLength: L.idMaxLength,
    pattern: PRODUCT_ID_PATTERN.source,
  })
  @IsString()
  @Length(1, L.idMaxLength)
  @Matches(PRODUCT_ID_PATTERN, { message: 'id may contain only letters, digits, ".", "_", ":" and "-"' })
  id!: string;

  @ApiProperty({
    example: 'Sony WH-1000XM5 Wireless Noise Cancelling Headphones',
    maxLength: L.titleMaxLength,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(L.titleMaxLength)
  @Matches(/\S/, { message: 'title must not be blank' })
  title!: string;

  @ApiPropertyOptional({
    example: 'Over-ear headphones with adaptive noise cancelling and 30 hours of battery life.',
    maxLength: L.descriptionMaxLength,
  })
  @IsOmittable()
  @IsString()
  @MaxLength(L.descriptionMaxLength)
  description?: string;

  @ApiPropertyOptional({ example: 'Sony', maxLength: L.facetMaxLength })
  @IsOmittable()
  @IsString()
  @MaxLength(L.facetMaxLength)
  brand?: string;

  @ApiPropertyOptional({ example: 'headphones', maxLength: L.facetMaxLength })
  @IsOmittable()
  @IsString()
  @MaxLength(L.facetMaxLength)
  category?: string;

  @ApiPropertyOptional({ example: ['wireless', 'noise cancelling', 'bluetooth'], maxItems: L.tagMaxCount })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(L.tagMaxCount)
  @IsString({ each: true })
  @Length(1, L.tagMaxLength, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ example: 379.99, minimum: 0 })
  @IsOmittable()
  @IsNumber(FINITE)
  @Min(0)
  price?: number;

  @ApiPropertyOptional({ example: 'EUR', description: 'ISO 4217 code', pattern: '^[A-Z]{3}$' })
  @IsOmittable()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be 3 uppercase letters (ISO 4217), e.g. EUR' })
  @IsISO4217CurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ example: 4.6, minimum: 0, maximum: L.ratingMax })
  @IsOmittable()
  @IsNumber(FINITE)
  @Min(0)
  @Max(L.ratingMax)
  rating?: number;

  @ApiPropertyOptional({ example: 42, minimum: 0, maximum: L.stockMax })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(L.stockMax)
  stock?: number;

  @ApiPropertyOptional({
    example: '2024-03-18T09:30:00Z',
    format: 'date-time',
    description: 'Set on create if missing',
  })
  @IsOmittable()
  @IsISO8601({ strict: true })
  @Matches(ISO_DATE_TIME, { message: 'createdAt must be an ISO 8601 date such as 2024-03-18T09:30:00Z' })
  createdAt?: string;

  @ApiPropertyOptional({
    example: '2024-05-02T14:05:00Z',
    format: 'date-time',
    description: 'Set on every write',
  })
  @IsOmittable()
  @IsISO8601({ strict: true })
  @Matches(ISO_DATE_TIME, { message: 'updatedAt must be an ISO 8601 date such as 2024-05-02T14:05:00Z' })
  updatedAt?: string;
}
