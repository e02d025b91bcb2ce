import fc from 'fast-check';

/** What one raw HTTP exchange returned. */
export interface ProbeResult {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
}

export interface ProbeRequest {
  method: string;
  /** Path and query exactly as sent (already percent-encoded by the generators). */
  path: string;
  body?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Sends one request as is (no client-side encoding or JSON serialization of its own). */
export async function probe(baseUrl: string, req: ProbeRequest): Promise<ProbeResult> {
  const headers: Record<string, string> = { ...req.headers };
  if (req.contentType !== undefined) headers['content-type'] = req.contentType;
  const res = await fetch(baseUrl + req.path, {
    method: req.method,
    headers,
    body: req.body,
    signal: AbortSignal.timeout(30_000),
  });
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    headers: res.headers,
    text: await res.text(),
  };
}

/**
 * What must never reach a client: stack frames, source paths, exception class names and the
 * pieces of an Elasticsearch error body.
 */
export const LEAK_PATTERNS: readonly RegExp[] = [
  /\bat [\w.<>$ ]*\(?[^\s()]*:\d+:\d+\)?/,
  /\.ts:\d+/,
  /\.js:\d+/,
  /node_modules/,
  /[A-Z][A-Za-z]*(Exception|Error)\b/,
  /_exception\b/,
  /caused_by|root_cause/,
  /"stack"/,
];

/**
 * The contract every answer meets, whatever the input: no 5xx; a 4xx is problem+json whose
 * `status` matches; nothing internal leaks. Returns a description of the breach, if any.
 */
export function contractBreach(result: ProbeResult): string | undefined {
  if (result.status >= 500) return `HTTP ${result.status}: ${result.text.slice(0, 300)}`;
  return problemBreach(result);
}

/** Like contractBreach, but a 5xx is allowed (outages): it must still be a clean problem. */
export function problemBreach(result: ProbeResult): string | undefined {
  const { status, contentType, text } = result;
  if (status >= 400) {
    if (!contentType.startsWith('application/problem+json'))
      return `HTTP ${status} with content-type "${contentType}": ${text.slice(0, 300)}`;
    let problem: { status?: unknown; title?: unknown };
    try {
      problem = JSON.parse(text) as typeof problem;
    } catch {
      return `HTTP ${status}: problem body is not JSON: ${text.slice(0, 300)}`;
    }
    if (problem.status !== status || typeof problem.title !== 'string')
      return `HTTP ${status}: problem body without matching status/title: ${text.slice(0, 300)}`;
  }
  const leak = LEAK_PATTERNS.find((pattern) => pattern.test(text));
  if (leak) return `HTTP ${status}: body matches ${String(leak)}: ${text.slice(0, 500)}`;
  return undefined;
}

/** Counts outcomes per property, for the summary line each property prints. */
export class Tally {
  private readonly byClass = new Map<string, number>();
  cases = 0;
  serverErrors = 0;

  add(status: number): void {
    this.cases++;
    if (status >= 500) this.serverErrors++;
    const key = `${Math.floor(status / 100)}xx`;
    this.byClass.set(key, (this.byClass.get(key) ?? 0) + 1);
  }

  summary(label: string): string {
    const classes = [...this.byClass.entries()]
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    return `bad-input: ${label} ${this.cases} cases (${classes}), ${this.serverErrors} 5xx`;
  }
}

// ---------------------------------------------------------------------------------------------
// Generators. Leak markers (see LEAK_PATTERNS) are deliberately absent from them, so a match in a
// response can only come from the server.

const SYNTAX = [
  '"',
  '(',
  ')',
  ':',
  '*',
  '?',
  '~',
  '/',
  '\\',
  'AND',
  'OR',
  'NOT',
  '&&',
  '||',
  '!',
  '+',
  '-',
  '^',
  '{',
  '}',
  '[',
  ']',
  '<',
  '>',
  '=',
  '*:*',
  'title:x',
  'price:[0 TO *]',
  '/.*/',
  '/[a-z]+{1,99}/',
  'a~2',
  '"a b"~3',
  'a^100',
  '_id:1',
  '_source',
  '@timestamp',
  '${x}',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '{"query":{"match_all":{}}}',
];
const CONTROL = ['\u0000', '\u0001', '\u0008', '\u001b', '\u001f', '\u007f', '\t', '\n', '\r\n', '\u0085'];
const UNICODE = [
  'é',
  'ß',
  'İ',
  'ﬁ',
  'e\u0301',
  '😀',
  '👩‍👩‍👧',
  '\u200b',
  '\u2028',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '𝔘',
];
const PROTOTYPE = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const NUMBERISH = [
  '-1',
  '0',
  '-0',
  '1e309',
  '-1e309',
  '1e-400',
  '10^9',
  '1000000000',
  '9007199254740993',
  '99999999999999999999999999',
  '0x10',
  '1_000',
  '+5',
  '.5',
  '5.',
  '05',
  ' 5',
  '5 ',
  'NaN',
  'Infinity',
  'null',
  'true',
  '',
];

const fragment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SYNTAX) },
  { weight: 2, arbitrary: fc.constantFrom(...CONTROL, ...UNICODE) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE, ...NUMBERISH) },
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom('headphones', 'sony', 'laptop', 'wireless') },
);

/** Text built from syntax fragments, control characters, unicode and random strings; sometimes huge. */
export const nastyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.array(fragment, { maxLength: 8 }).map((parts) => parts.join('')) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fragment, fc.integer({ min: 50, max: 3_000 }))
      .map(([part, times]) => (part || 'a').repeat(times).slice(0, 6_000)),
  },
);

export const numberish: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NUMBERISH),
  fc.integer().map(String),
  fc.double().map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
);

/** Percent-encodes every byte outside the unreserved set (lone surrogates become U+FFFD). */
export function encode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Broken or unusual escapes, sent as they are. */
const RAW_ESCAPES = [
  '%',
  '%zz',
  '%ff',
  '%E0%A4%A',
  '%C0%AF',
  '%00',
  '+',
  '%2B',
  '[]',
  '[0]',
  '[__proto__]',
  ';',
];

const encodedPiece = (text: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: text.map(encode) },
    {
      weight: 1,
      arbitrary: fc.tuple(text, fc.constantFrom(...RAW_ESCAPES)).map(([t, raw]) => encode(t) + raw),
    },
  );

/** A query string from the endpoint's own parameters, prototype keys, array syntax and junk. */
export function queryString(knownKeys: readonly string[]): fc.Arbitrary<string> {
  const key = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...knownKeys) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        ...PROTOTYPE,
        ...knownKeys.map((k) => `${k}[]`),
        ...knownKeys.map((k) => `${k}[0]`),
        '__proto__[x]',
        'constructor[prototype][x]',
        'a[b][c]',
        '',
      ),
    },
    { weight: 1, arbitrary: fragment },
  );
  const value = fc.oneof({ weight: 3, arbitrary: nastyText }, { weight: 2, arbitrary: numberish });
  const pair = fc.oneof(
    { weight: 9, arbitrary: fc.tuple(encodedPiece(key), encodedPiece(value)).map(([k, v]) => `${k}=${v}`) },
    { weight: 1, arbitrary: encodedPiece(key) },
  );
  return fc
    .array(pair, { minLength: 0, maxLength: 6 })
    .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.join('&')}`));
}

/** A path segment: a nasty text, an over-long id or broken escapes. */
export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: encodedPiece(nastyText).filter((s) => s.length > 0) },
  { weight: 1, arbitrary: fc.integer({ min: 90, max: 600 }).map((n) => 'a'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE, '..', '.', '%2e%2e', '%2F', 'sku-1') },
);

const PRODUCT_FIELDS = [
  'id',
  'title',
  'description',
  'brand',
  'category',
  'tags',
  'price',
  'currency',
  'rating',
  'stock',
  'createdAt',
  'updatedAt',
];

/** JSON value text, including number literals JavaScript cannot hold exactly. */
export const jsonValueText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: nastyText.map((s) => JSON.stringify(s)) },
    { weight: 2, arbitrary: numberish.filter((n) => /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(n)) },
    { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'null', '[]', '{}') },
    {
      weight: 1,
      arbitrary: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    },
    { weight: 1, arbitrary: jsonObjectOf(tie('value')) },
  ),
})).value;

function jsonObjectOf(value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const key = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...PRODUCT_FIELDS) },
    { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE) },
    { weight: 1, arbitrary: nastyText },
  );
  return fc
    .array(fc.tuple(key, value), { maxLength: 6 })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);
}

/** A valid product (id `fuzz-…`), as JSON text, with one field replaced by something nasty. */
export const almostValidProduct: fc.Arbitrary<string> = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]{1,12}$/),
    fc.constantFrom(...PRODUCT_FIELDS, 'extra', '__proto__', 'constructor'),
    jsonValueText,
  )
  .map(([suffix, field, value]) => {
    const base: Record<string, string> = {
      id: JSON.stringify(`fuzz-${suffix}`),
      title: JSON.stringify('Fuzzed product'),
      price: '10',
      createdAt: JSON.stringify('2024-01-01T00:00:00Z'),
    };
    base[field] = value;
    return `{${Object.entries(base)
      .map(([k, v]) => `${JSON.stringify(k)}:${v}`)
      .join(',')}}`;
  });

/** A JSON body text: objects (mostly product-like), other JSON values, or malformed JSON. */
export const jsonBodyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: almostValidProduct },
  { weight: 3, arbitrary: jsonObjectOf(jsonValueText) },
  { weight: 1, arbitrary: jsonValueText },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.oneof(almostValidProduct, jsonValueText),
        fc.nat(),
        fc.constantFrom('', '}', ',', '{', '"', 'x'),
      )
      .map(([text, cut, tail]) => text.slice(0, cut % (text.length + 1)) + tail),
  },
  { weight: 1, arbitrary: nastyText },
);

/** Content types a client might send, right or wrong. */
export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      undefined,
      '',
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'APPLICATION/JSON',
      'application/x-ndjson',
      'application/vnd.api+json',
      'text/plain',
      'text/html',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/octet-stream',
      '*/*',
      'application/json, text/plain',
      'json',
      ';',
    ),
  },
);
