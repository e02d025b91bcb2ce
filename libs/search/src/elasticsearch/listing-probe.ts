import { createHash, randomUUID } from 'node:crypto';
import { errors, type estypes } from '@elastic/elasticsearch';
import { Injectable, Logger } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';
import { AppConfig } from '@app/config';
import { ADMIN_REQUEST } from './admin-request';
import { productsAlias } from './index-names';

/** Index settings that decide how a document is analysed (and so which queries match it). */
const ANALYSIS_SETTINGS = [
  'index.analysis',
  'index.similarity',
  'index.max_ngram_diff',
  'index.max_shingle_diff',
];

interface Probe {
  /** The physical products index and its analysis settings the probe index copies. */
  fingerprint: string;
}

/**
 * A one-shard scratch index with the live products index's analysis settings and mapping, where
 * `textsListing` evaluates listing texts against copies of the changed products alone: a typo
 * clause's fuzzy expansion then walks the few terms of those copies instead of the catalog's whole
 * term dictionary. The probe follows the live index: a reindex or a synonym change (new physical
 * index or new analysis settings) recreates it on the next use.
 */
@Injectable()
export class ListingProbe {
  private readonly logger = new Logger('ListingProbe');
  private readonly alias: string;
  readonly index: string;
  private known?: Probe;

  constructor(
    private readonly es: ElasticsearchService,
    config: AppConfig,
  ) {
    this.alias = productsAlias(config.elasticsearch.indexPrefix);
    this.index = `${config.elasticsearch.indexPrefix}-listing-probe`;
  }

  /**
   * Copies the products (as the live index holds them now) into the probe, runs `check` with the
   * ids of the copies, and removes them. Products the live index lacks are not copied.
   */
  async withCopies<T>(productIds: readonly string[], check: (copyIds: string[]) => Promise<T>): Promise<T> {
    const [found] = await Promise.all([this.sources(productIds), this.ensure()]);
    const nonce = randomUUID();
    const copies = found.map((doc) => ({ id: `${nonce}:${doc.id}`, source: doc.source }));
    if (copies.length > 0)
      await this.bulk(
        copies.flatMap((c) => [{ index: { _id: c.id } }, c.source]),
        true,
      );
    try {
      return await check(copies.map((c) => c.id));
    } finally {
      if (copies.length > 0) {
        await this.bulk(
          copies.map((c) => ({ delete: { _id: c.id } })),
          false,
        ).catch(() => undefined);
      }
    }
  }

  private async sources(productIds: readonly string[]): Promise<{ id: string; source: object }[]> {
    const result = await this.es.mget<object>({ index: this.alias, ids: [...productIds] });
    return result.docs.flatMap((doc) =>
      'found' in doc && doc.found && doc._source ? [{ id: doc._id, source: doc._source }] : [],
    );
  }

  private async bulk(operations: object[], refresh: boolean): Promise<void> {
    const result = await this.es.bulk({ index: this.index, operations, refresh }, ADMIN_REQUEST);
    if (result.errors) throw new Error(`listing probe bulk failed: ${JSON.stringify(firstError(result))}`);
  }

  /** The probe index exists and copies the live index's current analysis (one settings read). */
  private async ensure(): Promise<void> {
    const live = await this.es.indices.getSettings(
      { index: this.alias, name: ANALYSIS_SETTINGS.map((s) => `${s}*`), flat_settings: true },
      ADMIN_REQUEST,
    );
    const physical = Object.keys(live);
    if (physical.length !== 1) throw new Error(`${this.alias} points at ${physical.length} indices`);
    const flat = live[physical[0]].settings ?? {};
    const fingerprint = hash({ index: physical[0], flat });
    if (this.known?.fingerprint === fingerprint) return;
    if ((await this.probeFingerprint()) !== fingerprint) await this.create(physical[0], fingerprint);
    this.known = { fingerprint };
  }

  private async probeFingerprint(): Promise<string | undefined> {
    try {
      const mapping = await this.es.indices.getMapping({ index: this.index }, ADMIN_REQUEST);
      return Object.values(mapping)[0]?.mappings._meta?.fingerprint as string | undefined;
    } catch (error) {
      if (error instanceof errors.ResponseError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  private async create(physical: string, fingerprint: string): Promise<void> {
    const [settings, mapping] = await Promise.all([
      this.es.indices.getSettings(
        { index: physical, name: ANALYSIS_SETTINGS.map((s) => `${s}*`) },
        ADMIN_REQUEST,
      ),
      this.es.indices.getMapping({ index: physical }, ADMIN_REQUEST),
    ]);
    const analysed = (settings[physical]?.settings?.index ?? {});
    await this.es.indices.delete({ index: this.index, ignore_unavailable: true }, ADMIN_REQUEST);
    try {
      await this.es.indices.create(
        {
          index: this.index,
          settings: { ...analysed, number_of_shards: 1, number_of_replicas: 0, refresh_interval: -1 },
          mappings: { ...mapping[physical].mappings, _meta: { fingerprint } },
        },
        ADMIN_REQUEST,
      );
    } catch (error) {
      // Another instance created it at the same moment, from the same live index.
      if (!(error instanceof errors.ResponseError && error.statusCode === 400 && alreadyExists(error)))
        throw error;
    }
    this.logger.log(
      { event: 'listing_probe.created', index: this.index, from: physical },
      'listing probe index created',
    );
  }
}

function hash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

function alreadyExists(error: errors.ResponseError): boolean {
  return (
    (error.body as { error?: { type?: string } } | undefined)?.error?.type ===
    'resource_already_exists_exception'
  );
}

function firstError(result: estypes.BulkResponse): unknown {
  return result.items.map((item) => Object.values(item)[0]?.error).find(Boolean);
}
