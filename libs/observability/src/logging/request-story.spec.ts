import { RequestStory } from './request-story';

const req = (id: string, url = '/search?q=noise%20cancelling') => ({ id, method: 'GET', url });

describe('RequestStory', () => {
  it('folds a miss into one line: elasticsearch time, then the store with its TTL', () => {
    const story = new RequestStory();
    expect(story.line({ event: 'elasticsearch.query', tookMs: 12, req: req('a'), msg: 'q' })).toBeUndefined();
    expect(story.line({ event: 'cache.store', ttlMs: 60_000, req: req('a'), msg: 's' })).toBeUndefined();
    expect(story.line({ event: 'cache.miss', cache: 'MISS', loadMs: 15.3, req: req('a') })).toBe(
      'MISS GET /search?q=noise cancelling → elasticsearch 12 ms → stored in redis (ttl 60 s)',
    );
    // pino-http's own line adds nothing to a story already told.
    expect(story.line({ res: { statusCode: 200 }, responseTime: 16, req: req('a') })).toBeUndefined();
  });

  it('tells a hit with the age of the copy', () => {
    const line = new RequestStory().line({ event: 'cache.hit', cache: 'HIT', ageMs: 3_400, req: req('b') });
    expect(line).toBe('HIT GET /search?q=noise cancelling served from redis (age 3 s)');
  });

  it('says when Redis was away and nothing was stored', () => {
    const story = new RequestStory();
    story.line({ event: 'elasticsearch.query', tookMs: 9, req: req('c') });
    expect(story.line({ event: 'cache.miss', cache: 'BYPASS', req: req('c') })).toBe(
      'BYPASS GET /search?q=noise cancelling → elasticsearch 9 ms (redis unavailable: not stored)',
    );
  });

  it('keeps a failed request, with the elasticsearch time it spent', () => {
    const story = new RequestStory();
    story.line({ event: 'elasticsearch.query', tookMs: 40, req: req('d') });
    expect(story.line({ res: { statusCode: 504 }, responseTime: 5_012, req: req('d') })).toBe(
      '504 GET /search?q=noise cancelling 5012 ms (elasticsearch 40 ms)',
    );
  });

  it('writes other lines as context, message and scalar fields; drops route mapping noise', () => {
    const story = new RequestStory();
    expect(story.line({ context: 'RouterExplorer', msg: 'Mapped {/search, GET} route' })).toBeUndefined();
    expect(
      story.line({
        level: 40,
        pid: 1,
        context: 'ProductIndexBootstrap',
        retryInMs: 500,
        err: 'ECONNREFUSED',
        msg: 'not yet',
      }),
    ).toBe('[ProductIndexBootstrap] not yet retryInMs=500 err=ECONNREFUSED');
    expect(story.line({ msg: 'shutdown complete' })).toBe('shutdown complete');
  });

  it('forgets requests whose last line never came, beyond a bound', () => {
    const story = new RequestStory();
    for (let i = 0; i < 1_500; i++)
      story.line({ event: 'elasticsearch.query', tookMs: 1, req: req(`r${i}`) });
    expect((story as unknown as { pending: Map<string, unknown> }).pending.size).toBe(1_000);
  });
});
