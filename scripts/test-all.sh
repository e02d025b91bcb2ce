#!/usr/bin/env bash
# The whole test suite, from a fresh clone: install, bring the real stack up, then static checks,
# unit tests (TypeScript and the Elasticsearch plugin) and e2e tests against real ES + Redis.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n=== %s\n' "$*"; }

step "setup"
bash scripts/setup.sh --with-browser
step "stack up (Elasticsearch + Redis; Redis Cluster and Sentinel for test/redis-topologies)"
bash stack/stack.sh up
bash stack/cluster.sh up redis-cluster sentinel
step "3-node Elasticsearch cluster and secured node (for the es-cluster and es-secure specs)"
bash stack/cluster.sh up es
bash stack/secure.sh up
step "lint, format, layer rules, types, OpenAPI document"
npm run -s lint
npm run -s lint:deps
npm run -s typecheck
npm run -s openapi:check
step "unit tests"
npm run -s test:unit
step "Elasticsearch plugin tests (Maven)"
npm run -s test:plugin
step "build"
npm run -s build
step "e2e tests (real Elasticsearch + Redis)"
npm run -s test:e2e
echo
echo "all tests passed; the stacks are still up (npm run stack:down and npm run stack:cluster:down stop what they started)"
