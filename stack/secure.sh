#!/usr/bin/env bash
# One Elasticsearch node with security and TLS on, from the same artifacts as stack.sh (never touching its node):
#   https://127.0.0.1:9221 (transport 9321), a private CA made here, a file-realm user and an API key.
# Written under .stack/secure/: ca.crt (the CA to trust), api-key (encoded, for `Authorization: ApiKey …`),
# username and password (a superuser of the file realm).
#
# usage: stack/secure.sh up|down|status
# env: SECURE_ES_HEAP (512m)  ES_START_TIMEOUT_S (120)  plus stack.sh's ES_VERSION, ES_JAVA_HOME, ES_USER
set -euo pipefail
shopt -s inherit_errexit

ES_START_TIMEOUT_S="${ES_START_TIMEOUT_S:-120}"
# shellcheck source=stack/stack.sh
source "$(dirname "${BASH_SOURCE[0]}")/stack.sh"
# shellcheck source=stack/es-node.sh
source "$(dirname "${BASH_SOURCE[0]}")/es-node.sh"

SECURE_DIR="$STATE_DIR/secure"
SECURE_NODE="$SECURE_DIR/node"
SECURE_HEAP="${SECURE_ES_HEAP:-512m}"
SECURE_PORT=9221
SECURE_URL="https://127.0.0.1:$SECURE_PORT"
SECURE_USER="catalog-admin"

secure_curl() { curl -sS --max-time 5 --cacert "$SECURE_DIR/ca.crt" "$@"; }

# A private CA and a node certificate for 127.0.0.1/localhost, made once.
make_certificates() {
  [[ -s "$SECURE_DIR/ca.crt" && -s "$SECURE_DIR/node.crt" ]] && return 0
  command -v openssl >/dev/null || die "openssl is required"
  quiet openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=catalog-local-ca" \
    -keyout "$SECURE_DIR/ca.key" -out "$SECURE_DIR/ca.crt"
  quiet openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
    -keyout "$SECURE_DIR/node.key" -out "$SECURE_DIR/node.csr"
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$SECURE_DIR/node.ext"
  quiet openssl x509 -req -days 3650 -in "$SECURE_DIR/node.csr" -CA "$SECURE_DIR/ca.crt" -CAkey "$SECURE_DIR/ca.key" \
    -CAcreateserial -extfile "$SECURE_DIR/node.ext" -out "$SECURE_DIR/node.crt"
}

write_secure_config() {
  write_node_files "$SECURE_NODE" "$SECURE_HEAP" <<EOF
cluster.name: local-secure
node.name: secure-es
discovery.type: single-node
network.host: 127.0.0.1
http.port: $SECURE_PORT
transport.port: 9321
xpack.security.enabled: true
xpack.security.http.ssl.enabled: true
xpack.security.http.ssl.key: certs/node.key
xpack.security.http.ssl.certificate: certs/node.crt
xpack.security.http.ssl.certificate_authorities: [certs/ca.crt]
EOF
  mkdir -p "$SECURE_NODE/config/certs"
  # the security realm files the distribution ships (kept across restarts: they hold our user)
  for f in users users_roles roles.yml role_mapping.yml; do
    [[ -f "$SECURE_NODE/config/$f" ]] || cp "$ES_HOME/config/$f" "$SECURE_NODE/config/"
  done
  cp "$SECURE_DIR/node.key" "$SECURE_DIR/node.crt" "$SECURE_DIR/ca.crt" "$SECURE_NODE/config/certs/"
  own_node_dir "$SECURE_NODE"
}

# A superuser in the file realm: no bootstrap password or reset tool needed.
ensure_user() {
  [[ -s "$SECURE_DIR/password" ]] || head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$SECURE_DIR/password"
  echo "$SECURE_USER" >"$SECURE_DIR/username"
  node_cmd "$SECURE_NODE" "$ES_HOME/bin/elasticsearch-users" list
  if ! "${NODE_CMD[@]}" 2>/dev/null | grep -q "^$SECURE_USER "; then
    node_cmd "$SECURE_NODE" "$ES_HOME/bin/elasticsearch-users" useradd "$SECURE_USER" \
      -p "$(cat "$SECURE_DIR/password")" -r superuser
    # not through quiet(): its log line would carry the password
    "${NODE_CMD[@]}" >>"$STACK_LOG" 2>&1 || die "could not add the file-realm user $SECURE_USER (log: $STACK_LOG)"
  fi
}

ensure_api_key() {
  local key body
  key="$(cat "$SECURE_DIR/api-key" 2>/dev/null || true)"
  if [[ -n "$key" ]] && secure_curl -o /dev/null -w '%{http_code}' -H "Authorization: ApiKey $key" \
    "$SECURE_URL/_security/_authenticate" | grep -q 200; then
    return 0
  fi
  body="$(secure_curl -u "$SECURE_USER:$(cat "$SECURE_DIR/password")" -H 'content-type: application/json' \
    -X POST "$SECURE_URL/_security/api_key" -d '{"name":"catalog-local"}')"
  key="$(sed -n 's/.*"encoded":"\([^"]*\)".*/\1/p' <<<"$body")"
  [[ -n "$key" ]] || die "could not create an API key: $body"
  echo "$key" >"$SECURE_DIR/api-key"
}

secure_up() {
  local t0 deadline
  t0="$(now)"
  if [[ -z "$(node_pid "$SECURE_NODE")" ]]; then
    port_in_use "$SECURE_PORT" && die "port $SECURE_PORT is taken by something this script did not start"
    prepare_distribution
    mkdir -p "$SECURE_DIR"
    make_certificates
    write_secure_config
    ensure_user
    start_node "$SECURE_NODE"
  fi
  deadline=$((SECONDS + ES_START_TIMEOUT_S))
  until secure_curl -u "$SECURE_USER:$(cat "$SECURE_DIR/password")" \
    "$SECURE_URL/_cluster/health?wait_for_status=yellow&timeout=2s" 2>/dev/null | grep -qE '"status":"(yellow|green)"'; do
    ((SECONDS < deadline)) || die "the secured node did not become healthy within ${ES_START_TIMEOUT_S}s (logs: $SECURE_NODE/logs)"
    sleep 0.5
  done
  ensure_api_key
  say "secured elasticsearch on $SECURE_URL in $(elapsed "$t0") s; CA ${SECURE_DIR#"$REPO_ROOT"/}/ca.crt, user $SECURE_USER (password in ${SECURE_DIR#"$REPO_ROOT"/}/password)"
  echo "api key (also in ${SECURE_DIR#"$REPO_ROOT"/}/api-key): $(cat "$SECURE_DIR/api-key")"
}

secure_down() {
  local pid
  pid="$(stop_node "$SECURE_NODE")"
  if [[ -n "$pid" ]]; then say "secured elasticsearch stopped (pid $pid)"; else say "secured elasticsearch: not running"; fi
}

secure_status() {
  local pid
  pid="$(node_pid "$SECURE_NODE")"
  if [[ -n "$pid" ]]; then echo "secured elasticsearch: running, pid $pid, $SECURE_URL"; else echo "secured elasticsearch: stopped"; fi
}

case "${1:-}" in
  up) secure_up ;;
  down) secure_down ;;
  status) secure_status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
