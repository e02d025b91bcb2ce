import { Command, CommandRunner, Option } from 'nest-commander';
import { UsageError, wholeNumber } from '../seeding/cli-errors';
import { ProgressBar } from '../seeding/progress-bar';
import { type SeedRequest, SeedRunner } from '../seeding/seed-runner';
import { reportFailure, reportResult } from './command-output';

interface SeedFlags {
  file?: string;
  generate?: string;
  seed?: string;
  recreate?: boolean;
  batch?: string;
  concurrency?: string;
}

@Command({
  name: 'seed',
  description: 'Load products from a file (.ndjson/.jsonl/.json) or generate N synthetic ones',
})
export class SeedCommand extends CommandRunner {
  constructor(private readonly runner: SeedRunner) {
    super();
  }

  async run(_args: string[], flags: SeedFlags): Promise<void> {
    try {
      const result = await this.runner.run(toRequest(flags), new ProgressBar());
      reportResult(result, 'seeded');
    } catch (error) {
      reportFailure(error);
    }
  }

  @Option({ flags: '--file <path>', description: 'NDJSON (one product per line) or a JSON array' })
  parseFile(value: string): string {
    return value;
  }

  @Option({ flags: '--generate <count>', description: 'Generate this many deterministic synthetic products' })
  parseGenerate(value: string): string {
    return value;
  }

  @Option({
    flags: '--seed <number>',
    description: 'Generator seed: the same seed gives the same products (default 42)',
  })
  parseSeed(value: string): string {
    return value;
  }

  @Option({ flags: '--recreate', description: 'Build a new index and swap the alias (zero downtime)' })
  parseRecreate(): boolean {
    return true;
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

export function toRequest(flags: SeedFlags): SeedRequest {
  if ((flags.file === undefined) === (flags.generate === undefined)) {
    throw new UsageError('give exactly one of --file <path> or --generate <count>');
  }
  if (flags.file !== undefined && flags.seed !== undefined)
    throw new UsageError('--seed only applies to --generate');
  const source: SeedRequest['source'] =
    flags.file !== undefined
      ? { kind: 'file', path: flags.file }
      : {
          kind: 'generate',
          count: wholeNumber(flags.generate ?? '', '--generate', { min: 1, max: 100_000_000 }),
          seed: wholeNumber(flags.seed ?? '42', '--seed', { min: 0, max: 2 ** 32 - 1 }),
        };
  return {
    source,
    recreate: flags.recreate === true,
    batchSize: wholeNumber(flags.batch ?? '1000', '--batch', { min: 1, max: 10_000 }),
    concurrency: wholeNumber(flags.concurrency ?? '2', '--concurrency', { min: 1, max: 32 }),
  };
}
