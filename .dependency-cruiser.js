/** Layer rules (see README "Architecture"). Run by `npm run lint:deps`. */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      comment: 'The catalog domain imports no Nest, no client library, nothing from other layers.',
      severity: 'error',
      from: { path: '^libs/catalog/src/domain/' },
      to: { pathNot: ['^libs/catalog/src/domain/'] },
    },
    {
      name: 'apps-use-public-api',
      comment: 'Apps import libraries only through their index.ts (the @app/* aliases).',
      severity: 'error',
      from: { path: '^apps/' },
      to: { path: '^libs/[^/]+/src/', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
    {
      name: 'libs-use-public-api',
      comment: 'A library reaches another library only through its index.ts.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-deep-relative-imports',
      comment: 'Use @app/* aliases instead of climbing out of a library or app.',
      severity: 'error',
      from: { path: '^((apps|libs)/[^/]+)/' },
      to: { path: '^(apps|libs)/', pathNot: '^$1/', dependencyTypesNot: ['aliased-tsconfig'] },
    },
    {
      name: 'elasticsearch-client-stays-in-search',
      comment: 'Only the search library talks to Elasticsearch; others use its ports.',
      severity: 'error',
      from: { path: '^(apps|libs/(?!search/))', pathNot: '\\.spec\\.ts$' },
      to: { path: 'node_modules/(@elastic/elasticsearch|@nestjs/elasticsearch)/' },
    },
    {
      name: 'redis-client-stays-in-redis-and-cache',
      comment:
        'Only the Redis library (connection, health, rate limits) and the response cache store talk to Redis.',
      severity: 'error',
      from: { path: '^(apps|libs/(?!redis/|cache/))', pathNot: '\\.spec\\.ts$' },
      to: { path: 'node_modules/(@keyv/redis|@redis/client|redis)/' },
    },
    {
      name: 'redis-knows-no-cache',
      comment: 'The Redis library sits below the response cache and the catalog: it imports neither.',
      severity: 'error',
      from: { path: '^libs/redis/' },
      to: { path: '^libs/(cache|catalog|search)/' },
    },
    {
      name: 'keyv-stays-out-of-the-product',
      comment: 'cache-manager/Keyv serve only the bench baseline (bench/servers/stock-app.ts).',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { path: 'node_modules/(@nestjs/cache-manager|cache-manager|keyv|@keyv/redis)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(dist|\\.stack|stack)/' },
  },
};
