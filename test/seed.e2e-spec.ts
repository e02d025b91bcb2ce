import { spawn } from 'node:child_process';
import { childEnv } from './support/child-env';
import { readFileSync } from 'node:fs';
import type { AppConfig } from '@app/config';
import { dropTestData } from './support/cleanup';
import { rawEs } from './support/es';
import { testConfig } from './support/test-config';
import { CLI_MAIN as CLI, SAMPLE_PRODUCTS as SAMPLE, assertBuilt } from './support/paths';

const SAMPLE_COUNT = readFileSync(SAMPLE, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '').length;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with only the variables it needs (not this process' environment). */
function cli(config: AppConfig, args: string[]): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: childEnv(config),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('the compiled CLI (npm run cli)', () => {
  const config = testConfig();
  const alias = `${config.elasticsearch.indexPrefix}-products`;
  const es = rawEs(config);
  const count = async (): Promise<number> => (await es.count({ index: alias })).count;
  const aliasTargets = async (): Promise<string[]> => Object.keys(await es.indices.getAlias({ name: alias }));

  beforeAll(() => {
    assertBuilt(CLI);
  });
  afterAll(async () => {
    await es.close();
    await dropTestData(config);
  });

  it('seeds generated products and reconciles the count with the index', async () => {
    const run = await cli(config, ['seed', '--generate', '2000', '--seed', '7']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^seeded 2000 docs in \d+\.\d s \(\d+ docs\/s\); index count 2000 ✓$/m);
    expect(await count()).toBe(2000);
    expect(await aliasTargets()).toEqual([`${alias}-v1`]);
    const doc = await es.get<{ id: string; title: string }>({ index: alias, id: 'gen-7-0' });
    expect(doc._source?.title).toEqual(expect.any(String));
  });

  it('rebuilds from the sample file into v2 while the alias never goes empty', async () => {
    const observed: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        observed.push(await count());
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const run = await cli(config, ['seed', '--file', SAMPLE, '--recreate']);
    polling = false;
    await poller;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`seeded ${SAMPLE_COUNT} docs`);
    expect(run.stdout).toContain(`index count ${SAMPLE_COUNT} ✓`);
    expect(run.stdout).toContain(`alias now points at ${alias}-v2 (replaced ${alias}-v1)`);
    expect(await aliasTargets()).toEqual([`${alias}-v2`]);
    expect(await es.indices.exists({ index: `${alias}-v1` })).toBe(false);
    expect(await count()).toBe(SAMPLE_COUNT);
    // Readers saw the old catalog, then the new one, and nothing in between.
    expect(observed.length).toBeGreaterThan(5);
    expect(new Set(observed)).toEqual(new Set([2000, SAMPLE_COUNT]));
  });

  it('reindexes from a file into the next version', async () => {
    const run = await cli(config, ['reindex', '--file', SAMPLE]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`reindexed ${SAMPLE_COUNT} docs`);
    expect(await aliasTargets()).toEqual([`${alias}-v3`]);
    expect(await count()).toBe(SAMPLE_COUNT);
  });

  it('keeps the managed synonyms when seed --recreate builds a new index', async () => {
    const setting = 'index.analysis.filter.catalog_synonyms.synonyms';
    const synonymsOf = async (index: string): Promise<unknown> =>
      (await es.indices.getSettings({ index, flat_settings: true }))[index]?.settings?.[setting];
    // What PUT /catalog/synonyms writes (test/search-relevance.e2e-spec.ts covers the endpoint itself).
    await es.indices.putSettings({
      index: `${alias}-v3`,
      reopen: true,
      settings: { [setting]: ['earphones, headphones'] },
    });
    await es.cluster.health({ index: `${alias}-v3`, wait_for_status: 'yellow', timeout: '30s' });
    const run = await cli(config, ['seed', '--file', SAMPLE, '--recreate']);
    expect(run.code).toBe(0);
    expect(await aliasTargets()).toEqual([`${alias}-v4`]);
    expect(await synonymsOf(`${alias}-v4`)).toEqual(['earphones, headphones']);
    const { hits } = await es.search<{ id: string }>({
      index: alias,
      query: { match: { title: 'earphones' } },
    });
    expect(hits.hits.length).toBeGreaterThan(0);
  });

  it('explains a missing file in one line, without a stack trace, and exits 1', async () => {
    const run = await cli(config, ['seed', '--file', 'no/such/file.ndjson']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('error: no/such/file.ndjson: no such file');
    expect(run.stdout).toBe('');
    expect(await count()).toBe(SAMPLE_COUNT);
  });

  it('rejects a bad command line with exit code 2', async () => {
    const run = await cli(config, ['seed', '--generate', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('error: --generate must be a whole number from 1 to 100000000 (got "0")');
  });
});
