import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';
import { REPO_ROOT as root } from '../support/paths';

const CLI = join(root, 'node_modules/openapi-typescript/bin/cli.js');

/** A small client written against the generated types: it types both outcomes of a call. */
const CLIENT = `
import type { components, paths } from './openapi';

type Problem = components['schemas']['Problem'];
type Search = paths['/search']['get'];
type SearchPage = Search['responses'][200]['content']['application/json'];
type Outcome = { ok: true; page: SearchPage; xCache: string | null } | { ok: false; problem: Problem; retryAfterS?: number };

// Every 4xx/5xx of every operation is a Problem (readiness adds members to it): checked by the compiler.
type ErrorKey<R> = { [S in keyof R]: \`\${S & number}\` extends \`4\${string}\` | \`5\${string}\` ? S : never }[keyof R];
type ProblemOnErrors<R> = [ErrorKey<R>] extends [never] ? false
  : { [S in ErrorKey<R>]: R[S] extends { content: { 'application/problem+json': Problem } } ? true : false }[ErrorKey<R>];
type Operations = { [P in keyof paths]: paths[P][Exclude<keyof paths[P], 'parameters'>] }[keyof paths];
type Checked<O> = O extends { responses: infer R } ? ProblemOnErrors<R> : true;
type AllTyped = false extends Checked<Operations> ? 'an error response is not a Problem' : true;
const allErrorsAreProblems: AllTyped = true;

// The headers the contract promises are named in the types (beside their open index signature).
type Declared<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
type LimitedHeaders = Search['responses'][429]['headers'];
const retryAfterHeader: Declared<LimitedHeaders> = 'Retry-After';
const retryAfterS: LimitedHeaders['Retry-After'] = 30;
const cacheHeaders: Declared<Search['responses'][200]['headers']>[] = ['X-Cache', 'ETag', 'Age', 'Cache-Control', 'x-request-id'];
const notModified: keyof Search['responses'] = 304;

export function describeProblem(problem: Problem): string {
  const fields = (problem.errors ?? []).map((e) => e.field + ': ' + e.message).join('; ');
  return problem.status + ' ' + problem.title + (problem.code ? ' [' + problem.code + ']' : '') +
    ' (request ' + problem.requestId + ')' + (fields ? ' ' + fields : '');
}

export async function search(base: string, q: string): Promise<Outcome> {
  const res = await fetch(base + '/search?q=' + encodeURIComponent(q));
  if (res.ok) return { ok: true, page: (await res.json()) as SearchPage, xCache: res.headers.get('X-Cache') };
  const problem = (await res.json()) as Problem;
  const retry = res.status === 429 ? Number(res.headers.get(retryAfterHeader)) : undefined;
  return { ok: false, problem, retryAfterS: retry };
}

export const used = [allErrorsAreProblems, cacheHeaders, notModified, retryAfterS];
`;

function compile(dir: string, source: string, types?: string): string[] {
  if (types !== undefined) writeFileSync(join(dir, 'openapi.d.ts'), types);
  writeFileSync(join(dir, 'client.ts'), source);
  const program = ts.createProgram([join(dir, 'client.ts')], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('a TypeScript client generated from docs/openapi.json (openapi-typescript)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-client-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(() => {
    execFileSync(process.execPath, [CLI, join(root, 'docs/openapi.json'), '-o', join(dir, 'openapi.d.ts')], {
      stdio: 'pipe',
    });
  }, 60_000);

  it('compiles a client that handles a Problem on every error status', () => {
    expect(compile(dir, CLIENT)).toEqual([]);
  });

  it('rejects a client that reads a member the Problem does not have', () => {
    const broken = CLIENT.replace('problem.requestId', 'problem.requestID');
    expect(compile(dir, broken).join('\n')).toMatch(/requestID.*does not exist/);
  });

  it('would fail if any error response were not a Problem', () => {
    const other = mkdtempSync(join(tmpdir(), 'openapi-client-'));
    try {
      const types = readFileSync(join(dir, 'openapi.d.ts'), 'utf8');
      const problem = '"application/problem+json": components["schemas"]["Problem"];';
      expect(types).toContain(problem);
      const diagnostics = compile(
        other,
        CLIENT,
        types.replace(problem, '"application/json": { message: string };'),
      );
      expect(diagnostics.join('\n')).toMatch(/an error response is not a Problem/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('rejects a client that expects a header the contract does not promise', () => {
    const broken = CLIENT.replace("'Retry-After'", "'Retry-In'");
    expect(compile(dir, broken).join('\n')).toMatch(/Retry-In/);
  });
});
