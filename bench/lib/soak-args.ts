/** Command-line options of `npm run soak`. */
import { REDIS_TOPOLOGIES, type RedisTopology } from './soak-faults';

export interface SoakOptions {
  minutes: number;
  docs: number;
  /** Read connections per API instance. */
  connections: number;
  /** Product writes per second, all instances together. */
  writeRate: number;
  redis: RedisTopology;
  basePort: number;
  build: boolean;
  faults: boolean;
}

type NumberOption = 'minutes' | 'docs' | 'connections' | 'writeRate' | 'basePort';

/** Each numeric flag, its option and its smallest value. */
const NUMBERS: Readonly<Record<string, [NumberOption, number]>> = {
  '--minutes': ['minutes', 1],
  '--docs': ['docs', 100],
  '--connections': ['connections', 1],
  '--write-rate': ['writeRate', 0],
  '--port': ['basePort', 1024],
};

export function parseSoakArgs(argv: readonly string[]): SoakOptions {
  const options: SoakOptions = {
    minutes: 10,
    docs: 20_000,
    connections: 8,
    writeRate: 5,
    redis: 'standalone',
    basePort: 3950,
    build: true,
    faults: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--no-build') options.build = false;
    else if (flag === '--no-faults') options.faults = false;
    else if (flag === '--redis') {
      const value = argv[++i] as RedisTopology;
      if (!REDIS_TOPOLOGIES.includes(value)) throw new Error(`--redis takes ${REDIS_TOPOLOGIES.join('|')}`);
      options.redis = value;
    } else if (flag in NUMBERS) {
      const [option, min] = NUMBERS[flag];
      const value = Number(argv[++i]);
      if (!Number.isFinite(value) || value < min) throw new Error(`${flag} needs a number ≥ ${min}`);
      options[option] = option === 'writeRate' ? value : Math.round(value);
    } else throw new Error(`unknown option ${flag}`);
  }
  return options;
}
