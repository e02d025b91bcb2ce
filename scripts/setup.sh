#!/usr/bin/env bash
# Installs what a fresh machine of our kind lacks: node_modules (from the lockfile) and, for the
# browser test, Debian's chromium. Idempotent and quiet when everything is there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

stamp=node_modules/.package-lock.sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -d node_modules || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  echo "setup: installing node modules (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi

apt_install() {
  local sudo=""
  [[ "$(id -u)" == 0 ]] || sudo="sudo"
  echo "setup: installing Debian packages: $*"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if [[ "${1:-}" == "--with-browser" && ! -x /usr/bin/chromium ]]; then
  apt_install chromium
fi
if ! command -v mvn >/dev/null || ! command -v java >/dev/null; then
  apt_install maven openjdk-17-jdk-headless
fi
