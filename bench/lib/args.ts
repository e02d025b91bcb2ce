import { WRITE_KINDS, WRITE_MODES, type WriteKind, type WriteMode } from '../scenarios/write-stream';

/** Command-line options of `npm run bench`; `--quick` shrinks every phase for iteration. */
export interface BenchOptions {
  docs: number;
  quick: boolean;
  /** Measured rounds per hit scenario and target (median reported). */
  rounds: number;
  durationS: number;
  warmupS: number;
  connections: number;
  /** Distinct warm queries in the mix. */
  queries: number;
  /** Queries of the mix timed one by one as misses, then as hits. */
  missQueries: number;
  stampedeSizes: number[];
  stampedeRounds: number;
  bulkRounds: number;
  batch: number;
  concurrency: number;
  prefix: string;
  basePort: number;
  build: boolean;
  bulk: boolean;
  /** Start the API with --cpu-prof (profiles land in bench/.work/profiles). */
  profile: boolean;
  /**
   * Hit scenarios: every target in a new process each round (medians over process draws), or
   * `--same-processes`: one process per target for all rounds.
   */
  freshProcesses: boolean;
  /** Scenarios to run (default: all). */
  only: Set<Scenario>;
  /** Write stream: distinct warm queries read by a Zipf law, product writes per second, seconds per row. */
  writeQueries: number;
  writeRates: number[];
  writeDurationS: number;
  /** Write stream: which modes and kinds of write to measure (default: all). */
  writeModes: WriteMode[];
  writeKinds: WriteKind[];
  /**
   * Write stream: passes over the rates per mode and kind, each starting with its own no-write row
   * (the reported row of a rate is the pass with the median ratio).
   */
  writePasses: number;
  /** Push delay: writes per row on one instance whose pushes the other applies. */
  pushWrites: number;
}

export const SCENARIOS = ['bulk', 'hits', 'miss', 'stampede', 'write-stream', 'push'] as const;
export type Scenario = (typeof SCENARIOS)[number];

const USAGE = `usage: npm run bench -- [--docs N] [--quick] [--rounds R] [--duration S] [--warmup S]
  [--connections C] [--queries Q] [--miss-queries M] [--stampede 50,200,1000] [--stampede-rounds R]
  [--bulk-rounds R] [--batch B] [--concurrency C] [--prefix bench] [--port 3900]
  [--no-build] [--no-bulk] [--profile] [--same-processes] [--only ${SCENARIOS.join(',')}]
  [--write-queries 1000] [--write-rates 0,1,10,50] [--write-duration S] [--write-passes 3]
  [--write-modes ${WRITE_MODES.join(',')}] [--write-kinds ${WRITE_KINDS.join(',')}] [--push-writes N]`;

export function parseArgs(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const options: BenchOptions = {
    docs: 100_000,
    quick,
    rounds: quick ? 2 : 5,
    durationS: quick ? 3 : 8,
    warmupS: quick ? 2 : 4,
    connections: 50,
    queries: quick ? 300 : 1_000,
    missQueries: quick ? 50 : 200,
    stampedeSizes: [50, 200, 1_000],
    stampedeRounds: quick ? 1 : 2,
    bulkRounds: 1,
    batch: 1_000,
    concurrency: 2,
    prefix: 'bench',
    basePort: 3900,
    build: true,
    bulk: true,
    profile: false,
    freshProcesses: true,
    only: new Set(SCENARIOS),
    writeQueries: 1_000,
    writeRates: [0, 1, 10, 50],
    writeDurationS: quick ? 8 : 20,
    writeModes: [...WRITE_MODES],
    writeKinds: [...WRITE_KINDS],
    writePasses: quick ? 1 : 3,
    pushWrites: quick ? 100 : 400,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    const int = (min = 1): number => {
      const raw = value();
      const n = Number(raw);
      if (!Number.isInteger(n) || n < min)
        throw new Error(`${arg}: whole number ≥ ${min} expected, got ${raw}`);
      return n;
    };
    switch (arg) {
      case '--docs':
        options.docs = int();
        break;
      case '--quick':
        break;
      case '--rounds':
        options.rounds = int();
        break;
      case '--duration':
        options.durationS = int();
        break;
      case '--warmup':
        options.warmupS = int(0);
        break;
      case '--connections':
        options.connections = int();
        break;
      case '--queries':
        options.queries = int();
        break;
      case '--miss-queries':
        options.missQueries = int();
        break;
      case '--stampede':
        options.stampedeSizes = value().split(',').map(Number);
        break;
      case '--stampede-rounds':
        options.stampedeRounds = int();
        break;
      case '--bulk-rounds':
        options.bulkRounds = int();
        break;
      case '--batch':
        options.batch = int();
        break;
      case '--concurrency':
        options.concurrency = int();
        break;
      case '--prefix':
        options.prefix = value();
        break;
      case '--port':
        options.basePort = int(1024);
        break;
      case '--no-build':
        options.build = false;
        break;
      case '--no-bulk':
        options.bulk = false;
        break;
      case '--profile':
        options.profile = true;
        break;
      case '--same-processes':
        options.freshProcesses = false;
        break;
      case '--only':
        options.only = new Set(value().split(',').map(scenario));
        break;
      case '--write-queries':
        options.writeQueries = int();
        break;
      case '--write-rates':
        options.writeRates = value().split(',').map(Number);
        if (options.writeRates.some((r) => !Number.isFinite(r) || r < 0))
          throw new Error(`--write-rates: writes per second ≥ 0 expected\n${USAGE}`);
        break;
      case '--write-duration':
        options.writeDurationS = int();
        break;
      case '--write-modes':
        options.writeModes = oneOf('--write-modes', value(), WRITE_MODES);
        break;
      case '--write-kinds':
        options.writeKinds = oneOf('--write-kinds', value(), WRITE_KINDS);
        break;
      case '--write-passes':
        options.writePasses = int();
        break;
      case '--push-writes':
        options.pushWrites = int();
        break;
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  if (!options.only.has('bulk')) options.bulk = false;
  if (!/^bench/.test(options.prefix))
    throw new Error('--prefix must start with "bench" (never a real index)');
  if (options.missQueries > options.queries) options.missQueries = options.queries;
  return options;
}

function oneOf<T extends string>(option: string, list: string, allowed: readonly T[]): T[] {
  const picked = list.split(',');
  const unknown = picked.filter((name) => !(allowed as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`${option}: unknown ${unknown.join(', ')} (one of ${allowed.join(', ')})`);
  return picked as T[];
}

function scenario(name: string): Scenario {
  if (!(SCENARIOS as readonly string[]).includes(name))
    throw new Error(`--only: unknown scenario ${name} (one of ${SCENARIOS.join(', ')})`);
  return name as Scenario;
}
