import { Command, CommandRunner, Option } from 'nest-commander';
import { UsageError, wholeNumber } from '../seeding/cli-errors';
import { ProgressBar } from '../seeding/progress-bar';
import { SeedRunner } from '../seeding/seed-runner';
import { reportFailure, reportResult } from './command-output';

interface ReindexFlags {
  file?: string;
  batch?: string;
  concurrency?: string;
}

@Command({
  name: 'reindex',
  description: 'Rebuild the products index from a file and swap the alias atomically (zero downtime)',
})
export class ReindexCommand extends CommandRunner {
  constructor(private readonly runner: SeedRunner) {
    super();
  }

  async run(_args: string[], flags: ReindexFlags): Promise<void> {
    try {
      if (flags.file === undefined) throw new UsageError('--file <path> is required');
      const result = await this.runner.run(
        {
          source: { kind: 'file', path: flags.file },
          recreate: true,
          batchSize: wholeNumber(flags.batch ?? '1000', '--batch', { min: 1, max: 10_000 }),
          concurrency: wholeNumber(flags.concurrency ?? '2', '--concurrency', { min: 1, max: 32 }),
        },
        new ProgressBar(),
      );
      reportResult(result, 'reindexed');
    } catch (error) {
      reportFailure(error);
    }
  }

  @Option({ flags: '--file <path>', description: 'NDJSON (one product per line) or a JSON array' })
  parseFile(value: string): string {
    return value;
  }

  @Option({ flags: '--batch <size>', description: 'Products per bulk request (default 1000)' })
  parseBatch(value: string): string {
    return value;
  }

  @Option({ flags: '--concurrency <n>', description: 'Bulk requests in flight (default 2)' })
  parseConcurrency(value: string): string {
    return value;
  }
}
