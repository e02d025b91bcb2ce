import { ndjsonLines, parseNdjsonLines } from './ndjson.parser';
import type { SourceEntry } from './source-entry';

const valid = (id: string): string => JSON.stringify({ id, title: `Product ${id}` });
const parse = (body: string): SourceEntry[] => parseNdjsonLines(ndjsonLines(body));
const reasons = (entries: SourceEntry[]): Array<[number, string]> =>
  entries.flatMap((e) => ('reason' in e ? [[e.line, e.reason] as [number, string]] : []));

describe('NDJSON parsing', () => {
  it('numbers physical lines from 1 and skips blank lines, CRLF and the trailing newline', () => {
    const body = `${valid('a')}\r\n\r\n   \n${valid('b')}\r\n\n${valid('c')}\n`;
    const entries = parse(body);
    expect(entries.map((e) => e.line)).toEqual([1, 4, 6]);
    expect(entries.map((e) => ('product' in e ? e.product.id : e.reason))).toEqual(['a', 'b', 'c']);
  });

  it('strips a leading byte-order mark', () => {
    expect(parse(`\uFEFF${valid('a')}`)).toEqual([{ line: 1, product: { id: 'a', title: 'Product a' } }]);
  });

  it('reports each bad line with its exact number and keeps its neighbours', () => {
    const body = [
      valid('ok-1'),
      '{"id": "broken", ',
      JSON.stringify({ id: 'neg', title: 'Negative', price: -1 }),
      '',
      JSON.stringify({ id: 'extra', title: 'Extra', colour: 'red' }),
      '[1, 2]',
      JSON.stringify({ id: 'bad id!', title: 'Bad id' }),
      JSON.stringify({ id: 'nul', title: 'Null brand', brand: null }),
      JSON.stringify({ id: 'cur', title: 'Currency', currency: 'eur' }),
      valid('ok-2'),
    ].join('\n');
    const entries = parse(body);
    expect(entries).toHaveLength(9);
    expect(entries.filter((e) => 'product' in e).map((e) => e.line)).toEqual([1, 10]);
    const errors = reasons(entries);
    expect(errors.map(([line]) => line)).toEqual([2, 3, 5, 6, 7, 8, 9]);
    expect(errors[0][1]).toMatch(/^invalid JSON: /);
    expect(errors[1][1]).toBe('price must not be less than 0');
    expect(errors[2][1]).toBe('property colour should not exist');
    expect(errors[3][1]).toBe('expected a JSON object');
    expect(errors[4][1]).toMatch(/^id may contain only letters/);
    expect(errors[5][1]).toMatch(/brand must be a string/);
    expect(errors[6][1]).toMatch(/currency must be 3 uppercase letters/);
  });

  it.each([
    ['an empty title', { title: '' }, /title must be longer than or equal to 1/],
    ['a blank title', { title: '   ' }, /title must not be blank/],
    ['a fractional stock', { stock: 1.5 }, /stock must be an integer/],
    ['a rating above 5', { rating: 5.5 }, /rating must not be greater than 5/],
    ['51 tags', { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, /tags must contain no more than 50/],
    [
      'a 65-character tag',
      { tags: ['x'.repeat(65)] },
      /each value in tags must be .*shorter than or equal to 64/,
    ],
    ['an impossible date', { createdAt: '2024-02-30' }, /createdAt must be a valid ISO 8601/],
    [
      'a week date Elasticsearch cannot read',
      { createdAt: '2024-W05' },
      /createdAt must be an ISO 8601 date such as/,
    ],
    ['a string price', { price: '12' }, /price must be a number/],
  ])('rejects %s', (_name, fields, reason) => {
    const [entry] = parse(JSON.stringify({ id: 'x', title: 'X', ...fields }));
    expect(entry).toEqual({ line: 1, reason: expect.stringMatching(reason) as unknown });
  });

  it('accepts a complete product unchanged', () => {
    const product = {
      id: 'sku-1',
      title: 'Café Noise Cancelling Headphones',
      description: 'Wireless.',
      brand: 'Sony',
      category: 'headphones',
      tags: ['wireless'],
      price: 0,
      currency: 'EUR',
      rating: 5,
      stock: 0,
      createdAt: '2024-03-18T09:30:00Z',
      updatedAt: '2024-03-18T09:30:00.123+02:00',
    };
    expect(parse(JSON.stringify(product))).toEqual([{ line: 1, product }]);
  });
});
