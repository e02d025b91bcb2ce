import { Body, Controller, Get, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CatalogChangePublisher } from '@app/catalog';
import { CatalogSynonyms } from '@app/search';
import { AdminOnly } from '../auth/admin-only.decorator';
import { SynonymsDto } from './synonyms.dto';

@ApiTags('catalog')
@Controller('catalog/synonyms')
export class SynonymsController {
  constructor(
    private readonly synonyms: CatalogSynonyms,
    private readonly publisher: CatalogChangePublisher,
  ) {}

  @Get()
  @AdminOnly()
  @ApiOperation({ summary: 'The synonym rules applied at search time' })
  @ApiOkResponse({ type: SynonymsDto })
  async get(): Promise<SynonymsDto> {
    return { rules: await this.synonyms.get() };
  }

  @Put()
  @AdminOnly()
  @ApiOperation({
    summary: 'Replace the synonym rules (no reindex; the next search uses them, cached searches are retired)',
  })
  @ApiOkResponse({ type: SynonymsDto })
  @ApiBadRequestResponse({
    description:
      'A rule Elasticsearch cannot parse (code invalid_synonyms) or a malformed body (problem+json)',
  })
  @ApiConflictResponse({
    description:
      'The products index predates managed synonyms: run `cli reindex` first (code index_outdated)',
  })
  async replace(@Body() body: SynonymsDto): Promise<SynonymsDto> {
    const rules = await this.synonyms.replace(body.rules);
    await this.publisher.searchSemanticsChanged();
    return { rules };
  }
}
