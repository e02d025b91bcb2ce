import { Body, Controller, Headers, HttpCode, Post, UnsupportedMediaTypeException } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { BULK_LIMITS, type IngestionReport, ProductCatalog, ProductDto } from '@app/catalog';
import { LoggedReq, type LoggedRequest } from '@app/observability';
import { AdminOnly } from '../auth/admin-only.decorator';
import { BulkResultDto } from './bulk-result.dto';
import { NDJSON_CONTENT_TYPES } from './ndjson-body';

const NDJSON_EXAMPLE = [
  '{"id":"sku-1","title":"Bose QuietComfort Ultra Noise Cancelling Headphones","price":449,"currency":"EUR"}',
  '{"id":"sku-2","title":"Lenovo ThinkPad X1 Carbon Laptop","price":1899,"currency":"EUR","stock":4}',
].join('\n');

@ApiTags('catalog')
@ApiExtraModels(ProductDto)
@Controller('catalog/products')
export class ProductsBulkController {
  constructor(private readonly catalog: ProductCatalog) {}

  @Post('bulk')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    summary: 'Create or replace many products (NDJSON or a JSON array)',
    description:
      `Each record is validated on its own: a bad one is reported and never fails its neighbours. ` +
      `At most ${BULK_LIMITS.maxRecords} records per request. Searchable when the call returns.`,
  })
  @ApiConsumes(...NDJSON_CONTENT_TYPES.slice(0, 1), 'application/json')
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'string', description: 'One product per line', example: NDJSON_EXAMPLE },
        { type: 'array', items: { $ref: getSchemaPath(ProductDto) } },
      ],
    },
  })
  @ApiOkResponse({ type: BulkResultDto })
  @ApiPayloadTooLargeResponse({
    description: `More than ${BULK_LIMITS.maxRecords} records, or too many bytes`,
  })
  @ApiUnsupportedMediaTypeResponse({ description: 'Neither application/x-ndjson nor application/json' })
  @ApiServiceUnavailableResponse({
    description: 'Elasticsearch unavailable (code CATALOG_STORE_UNAVAILABLE)',
  })
  async bulk(
    @Body() body: unknown,
    @LoggedReq() req: LoggedRequest,
    @Headers('content-type') contentType = '',
  ): Promise<BulkResultDto> {
    const mediaType = contentType.split(';')[0].trim().toLowerCase();
    let report: IngestionReport;
    if (NDJSON_CONTENT_TYPES.includes(mediaType))
      report = await this.catalog.bulkFromNdjson(typeof body === 'string' ? body : '', req);
    else if (mediaType === 'application/json') report = await this.catalog.bulkFromJson(body, req);
    else throw new UnsupportedMediaTypeException('Send application/x-ndjson or application/json.');
    return { indexed: report.indexed, failed: report.failed, errors: report.errors };
  }
}
