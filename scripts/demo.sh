#!/usr/bin/env bash
# The demo, from a fresh clone: install, bring the stack up, build, seed the sample catalog,
# then serve the API, the demo shop page and Swagger UI in the foreground (Ctrl-C stops the API;
# the stack stays up).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
bash stack/stack.sh up
echo "demo: building"
npm run -s build
echo "demo: seeding the sample catalog"
npm run -s cli -- seed --file data/sample-products.ndjson --recreate
port="${PORT:-3000}"
echo
echo "Demo shop:  http://127.0.0.1:${port}/   (InstantSearch.js on POST /1/indexes/*/queries)"
echo "API:        http://127.0.0.1:${port}"
echo "Swagger UI: http://127.0.0.1:${port}/docs"
echo "Health:     http://127.0.0.1:${port}/health/ready"
echo
echo "Try curl '127.0.0.1:${port}/search?q=noise%20cancelling%20headphones' twice and watch this terminal:"
echo "the first is a MISS (elasticsearch, then stored in redis), the second a HIT served from redis."
echo
# The same command (and node flags) as production.
exec env PORT="$port" npm run -s start:prod
