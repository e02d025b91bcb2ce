import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { parse } from 'dotenv';
import { EnvVars } from './env.schema';
import { loadConfig } from './load-config';

describe('.env.example', () => {
  const path = join(__dirname, '..', '..', '..', '.env.example');
  const text = readFileSync(path, 'utf8');
  const schemaVariables = [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(EnvVars, '', true, false)
        .map((meta) => meta.propertyName),
    ),
  ].sort();

  it('lists every variable of the schema, each under a one-line comment', () => {
    const lines = text.split('\n');
    const listed = lines.flatMap((line, i) => {
      const name = /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1];
      if (name === undefined) return [];
      expect(`${name}: ${lines[i - 1]}`).toMatch(new RegExp(`^${name}: # \\S`));
      return [name];
    });
    expect([...listed].sort()).toEqual(schemaVariables);
  });

  it('is a valid configuration as it stands (the defaults)', () => {
    expect(loadConfig(parse(text))).toEqual(loadConfig({}));
  });
});
