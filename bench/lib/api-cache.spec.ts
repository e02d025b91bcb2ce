import { parseElasticsearchTrips } from './api-cache';

describe('parseElasticsearchTrips', () => {
  it('reads count and summed seconds per operation, ignoring the buckets', () => {
    const text = [
      '# TYPE elasticsearch_query_duration_seconds histogram',
      'elasticsearch_query_duration_seconds_bucket{le="0.005",operation="search"} 3',
      'elasticsearch_query_duration_seconds_sum{operation="search"} 1.25',
      'elasticsearch_query_duration_seconds_count{operation="search"} 20',
      'elasticsearch_query_duration_seconds_sum{operation="texts_listing"} 0.6',
      'elasticsearch_query_duration_seconds_count{operation="texts_listing"} 2',
      'cache_requests_total{route="search",result="hit"} 10',
    ].join('\n');
    expect(parseElasticsearchTrips(text)).toEqual({
      search: { count: 20, seconds: 1.25 },
      texts_listing: { count: 2, seconds: 0.6 },
    });
  });
});
