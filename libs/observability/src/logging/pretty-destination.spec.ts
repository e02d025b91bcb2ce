import { prettyDestination } from './pretty-destination';

function written(lines: object[]): string {
  let out = '';
  const destination = prettyDestination({ write: (text: string) => (out += text) }, false);
  for (const line of lines) destination.write(`${JSON.stringify(line)}\n`);
  return out;
}

describe('prettyDestination', () => {
  it('writes one line per told event, with time and level, and nothing for folded ones', () => {
    const req = { id: 'r1', method: 'GET', url: '/search?q=tv' };
    const time = new Date(2026, 0, 1, 10, 41, 7, 208).getTime();
    const out = written([
      { level: 30, time, req, event: 'elasticsearch.query', tookMs: 12 },
      { level: 30, time, req, event: 'cache.store', ttlMs: 60_000 },
      { level: 30, time, req, event: 'cache.miss', cache: 'MISS' },
      { level: 30, time, req, res: { statusCode: 200 }, responseTime: 15 },
    ]);
    expect(out).toBe(
      '[10:41:07.208] INFO: MISS GET /search?q=tv → elasticsearch 12 ms → stored in redis (ttl 60 s)\n',
    );
  });

  it('adds the stack of an error, and passes through a line that is not JSON', () => {
    let out = '';
    const destination = prettyDestination({ write: (text: string) => (out += text) }, false);
    destination.write(
      `${JSON.stringify({ level: 50, time: 0, msg: 'boom', err: { message: 'x', stack: 'Error: x\n    at f' } })}\n`,
    );
    destination.write('plain text\n');
    expect(out.split('\n')).toEqual([
      expect.stringMatching(/ERROR: boom err=x$/),
      'Error: x',
      '    at f',
      'plain text',
      '',
    ]);
  });
});
