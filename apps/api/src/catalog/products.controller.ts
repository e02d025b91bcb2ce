import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { PatchProductDto, type Product, ProductCatalog, ProductDto, ReplaceProductDto } from '@app/catalog';
import { CacheAside } from '@app/cache';
import { LoggedReq, type LoggedRequest } from '@app/observability';
import { AdminOnly } from '../auth/admin-only.decorator';
import { ProductIdPipe } from './product-id.pipe';

const ID_PARAM = { name: 'id', example: 'sku-10442' } as const;

@ApiTags('catalog')
@ApiServiceUnavailableResponse({ description: 'Elasticsearch unavailable (code CATALOG_STORE_UNAVAILABLE)' })
@Controller('catalog/products')
export class ProductsController {
  constructor(private readonly catalog: ProductCatalog) {}

  @Get(':id')
  @ApiOperation({ summary: 'Get one product by id' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ProductDto })
  @ApiNotFoundResponse({ description: 'No such product (problem+json, code PRODUCT_NOT_FOUND)' })
  @CacheAside({
    route: 'product',
    namespace: 'products',
    params: ['id'],
    shows: (product) => [(product as Product).id],
    // The page is the product as the store holds it, which is what an update returned.
    refreshShown: (_page, product) => product,
  })
  get(@Param('id', ProductIdPipe) id: string): Promise<Product> {
    return this.catalog.get(id);
  }

  @Post()
  @AdminOnly()
  @ApiOperation({ summary: 'Create a product (searchable when the call returns)' })
  @ApiCreatedResponse({ type: ProductDto })
  @ApiBadRequestResponse({ description: 'Invalid product or unknown field (problem+json)' })
  @ApiConflictResponse({ description: 'The id exists already (code PRODUCT_ALREADY_EXISTS)' })
  create(@Body() body: ProductDto, @LoggedReq() req: LoggedRequest): Promise<Product> {
    return this.catalog.create(body, req);
  }

  @Put(':id')
  @AdminOnly()
  @ApiOperation({ summary: 'Create or replace a product; the path id wins (a different body id is a 400)' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ProductDto })
  @ApiBadRequestResponse({ description: 'Invalid product, unknown field or id mismatch (problem+json)' })
  replace(
    @Param('id', ProductIdPipe) id: string,
    @Body() body: ReplaceProductDto,
    @LoggedReq() req: LoggedRequest,
  ): Promise<Product> {
    return this.catalog.replace(id, body, req);
  }

  @Patch(':id')
  @AdminOnly()
  @ApiOperation({ summary: 'Change some fields of a product (the id cannot change; null is rejected)' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ProductDto })
  @ApiNotFoundResponse({ description: 'No such product (problem+json, code PRODUCT_NOT_FOUND)' })
  patch(
    @Param('id', ProductIdPipe) id: string,
    @Body() body: PatchProductDto,
    @LoggedReq() req: LoggedRequest,
  ): Promise<Product> {
    return this.catalog.patch(id, body, req);
  }

  @Delete(':id')
  @HttpCode(204)
  @AdminOnly()
  @ApiOperation({ summary: 'Delete a product' })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No such product (problem+json, code PRODUCT_NOT_FOUND)' })
  delete(@Param('id', ProductIdPipe) id: string, @LoggedReq() req: LoggedRequest): Promise<void> {
    return this.catalog.delete(id, req);
  }
}
