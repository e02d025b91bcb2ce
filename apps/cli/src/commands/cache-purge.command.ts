import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { CATALOG_NAMESPACES, type CacheNamespace, CacheWarmer, ResponseCacheStore } from '@app/cache';
import { UsageError } from '../seeding/cli-errors';
import { reportFailure } from './command-output';

interface PurgeFlags {
  namespace?: string;
}

@SubCommand({
  name: 'purge',
  description: 'Invalidate cached responses at once (generation bump) and delete their keys',
})
export class CachePurgeCommand extends CommandRunner {
  constructor(
    private readonly store: ResponseCacheStore,
    private readonly warmer: CacheWarmer,
  ) {
    super();
  }

  async run(_args: string[], flags: PurgeFlags): Promise<void> {
    try {
      const namespaces =
        flags.namespace === undefined ? [...CATALOG_NAMESPACES] : [namespaceOf(flags.namespace)];
      const deleted = await this.store.purge(namespaces);
      console.log(`purged ${namespaces.join(', ')}: generation bumped, ${deleted} keys deleted`);
      // The API instances replay the most requested queries (CACHE_WARM_TOP_N) within a few seconds.
      await this.warmer.requested();
    } catch (error) {
      reportFailure(error);
    }
  }

  @Option({
    flags: '--namespace <name>',
    description: `One of ${CATALOG_NAMESPACES.join(', ')} (default: all)`,
  })
  parseNamespace(value: string): string {
    return value;
  }
}

@Command({ name: 'cache', description: 'Response cache operations', subCommands: [CachePurgeCommand] })
export class CacheCommand extends CommandRunner {
  run(): Promise<void> {
    this.command.help();
  }
}

function namespaceOf(value: string): CacheNamespace {
  if ((CATALOG_NAMESPACES as readonly string[]).includes(value)) return value as CacheNamespace;
  throw new UsageError(`--namespace must be one of ${CATALOG_NAMESPACES.join(', ')}`);
}
