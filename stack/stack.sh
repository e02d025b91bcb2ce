#!/usr/bin/env bash
# Local backing services without Docker:
#   - one Elasticsearch node (Elastic's integ-test-zip distribution from Maven Central + our local-compat plugin)
#   - Redis (reuses one already answering on 127.0.0.1:6379, else starts redis-server on loopback)
#
# usage: stack/stack.sh up|down|status
#
# env: ES_PORT (9200)  ES_HEAP (512m)  ES_START_TIMEOUT_S (90)  ES_VERSION (default: <es.version> in
#      stack/elasticsearch-plugin/pom.xml)  ES_JAVA_HOME (default: derived from `java` on PATH)
#      ES_C1_ONLY (1: JIT tier 1 only -- ~1.4 s faster start and faster short test runs; 0: default JIT)
#      ES_JAVA_OPTS (passed to Elasticsearch's launcher)  REDIS_PORT (6379)  ES_USER (es-local, when running as root)
set -euo pipefail
shopt -s inherit_errexit

STACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(dirname "$STACK_DIR")"
STATE_DIR="$REPO_ROOT/.stack"
LOG_DIR="$STATE_DIR/logs"
RUN_DIR="$STATE_DIR/run"
STACK_LOG="$LOG_DIR/stack.log"
PLUGIN_SRC="$STACK_DIR/elasticsearch-plugin"
PLUGIN_NAME="local-compat"

ES_VERSION="${ES_VERSION:-$(sed -n 's:.*<es\.version>\(.*\)</es\.version>.*:\1:p' "$PLUGIN_SRC/pom.xml" | head -n1)}"
ES_PORT="${ES_PORT:-9200}"
ES_HEAP="${ES_HEAP:-512m}"
ES_START_TIMEOUT_S="${ES_START_TIMEOUT_S:-90}"
ES_USER="${ES_USER:-es-local}"
ES_C1_ONLY="${ES_C1_ONLY:-1}"
ES_CLUSTER_NAME="local-stack"
ES_NODE_NAME="local-stack-es"
ES_HOME="$STATE_DIR/elasticsearch-$ES_VERSION"
ES_DATA="$STATE_DIR/data/elasticsearch"
ES_LOGS="$LOG_DIR/elasticsearch"
ES_PIDFILE="$RUN_DIR/elasticsearch.pid"
ES_TMP="$STATE_DIR/tmp/elasticsearch"
ES_PORTFILE="$RUN_DIR/elasticsearch.port"
ES_STARTED_HERE=0
ES_URL="http://127.0.0.1:$ES_PORT"
DIST_GAV="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"

REDIS_PORT="${REDIS_PORT:-6379}"
REDIS_DIR="$STATE_DIR/data/redis"
REDIS_PIDFILE="$RUN_DIR/redis.pid"
REDIS_OURS="$RUN_DIR/redis.started-by-stack"

# ---------------------------------------------------------------------------------------------------- helpers
ts() { date '+%Y-%m-%dT%H:%M:%S'; }
log() { mkdir -p "$LOG_DIR"; echo "$(ts) $*" >>"$STACK_LOG"; }
say() { echo "$*"; log "$*"; }
die() { echo "ERROR: $*" >&2; log "ERROR: $*"; exit 1; }
# run a command, its output goes to the stack log only; on failure show the last lines
quiet() {
  log "+ $*"
  local out rc=0
  out="$("$@" 2>&1)" || rc=$?
  [[ -n "$out" ]] && printf '%s\n' "$out" >>"$STACK_LOG"
  if ((rc != 0)); then
    printf '%s\n' "$out" | tail -n 25 >&2
    die "command failed (exit $rc): $*  (full log: $STACK_LOG)"
  fi
}
now() { echo "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
is_root() { [[ "$(id -u)" == 0 ]]; }
pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }
read_pid() { [[ -s "$1" ]] && tr -dc '0-9' <"$1" || true; }

port_in_use() { # $1 port on 127.0.0.1
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

http_get() { curl -sS --max-time "${2:-3}" "$ES_URL$1" 2>/dev/null; }

# our ES pid from the pidfile, if that process is alive and really is the node of this checkout
es_pid() {
  local pid
  pid="$(read_pid "$ES_PIDFILE")"
  if pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "-Des.path.home=$ES_HOME"; then
    echo "$pid"
  fi
}

# does the node answering on ES_PORT belong to this checkout? (compares its path.home with ours)
es_answers_as_ours() {
  local body
  body="$(http_get '/_nodes/_local/settings?filter_path=nodes.*.settings.path.home' 3)" || return 1
  [[ "$body" == *"\"home\":\"$ES_HOME\""* ]]
}

es_health() { http_get "/_cluster/health?filter_path=status" 3 | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p'; }

java_home() {
  if [[ -n "${ES_JAVA_HOME:-}" ]]; then echo "$ES_JAVA_HOME"; return; fi
  local j
  j="$(command -v java)" || die "java not found on PATH (need Java 17+), or set ES_JAVA_HOME"
  j="$(readlink -f "$j")"
  dirname "$(dirname "$j")"
}

# ---------------------------------------------------------------------------------------------------- elasticsearch
DIST_ZIP=""
fetch_distribution() { # sets DIST_ZIP (path of the zip in the Maven cache)
  local m2="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"
  local zip="$m2/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"
  if [[ ! -s "$zip" ]]; then
    say "downloading $DIST_GAV from Maven Central (first run only) ..."
    quiet mvn -q -B -Dstyle.color=never dependency:get "-Dartifact=$DIST_GAV" -Dtransitive=false
    [[ -s "$zip" ]] || die "Maven resolved $DIST_GAV but $zip is missing (custom localRepository? set MAVEN_REPO_LOCAL)"
  fi
  DIST_ZIP="$zip"
}

unpack_distribution() {
  [[ -f "$ES_HOME/.unpacked" ]] && return 0
  local zip tmp
  fetch_distribution
  zip="$DIST_ZIP"
  say "unpacking elasticsearch $ES_VERSION into ${ES_HOME#"$REPO_ROOT"/}"
  tmp="$STATE_DIR/.unpack.$$"
  rm -rf "$tmp" "$ES_HOME"
  mkdir -p "$tmp"
  quiet unzip -q "$zip" -d "$tmp"
  mv "$tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
  rm -rf "$tmp"
  cp "$ES_HOME/config/jvm.options" "$ES_HOME/config/jvm.options.orig"
  touch "$ES_HOME/.unpacked"
}

plugin_sources_hash() {
  (
    cd "$PLUGIN_SRC"
    {
      echo "es.version=$ES_VERSION"
      find pom.xml src/main src/assembly -type f -print0 | sort -z | xargs -0 sha256sum
    } | sha256sum | cut -c1-16
  )
}

PLUGIN_ZIP=""
build_plugin() { # sets PLUGIN_ZIP
  local hash zip stamp="$PLUGIN_SRC/target/.stack-build-stamp"
  hash="$(plugin_sources_hash)"
  zip="$(ls -t "$PLUGIN_SRC"/target/"$PLUGIN_NAME"-*.zip 2>/dev/null | head -n1 || true)"
  if [[ -z "$zip" || "$(cat "$stamp" 2>/dev/null)" != "$hash" ]]; then
    say "building the $PLUGIN_NAME plugin (sources changed) ..."
    local t0
    t0="$(now)"
    rm -f "$PLUGIN_SRC"/target/"$PLUGIN_NAME"-*.zip
    quiet mvn -q -B -Dstyle.color=never -f "$PLUGIN_SRC/pom.xml" -DskipTests "-Des.version=$ES_VERSION" package
    zip="$(ls -t "$PLUGIN_SRC"/target/"$PLUGIN_NAME"-*.zip 2>/dev/null | head -n1 || true)"
    [[ -n "$zip" ]] || die "plugin build produced no zip in $PLUGIN_SRC/target"
    echo "$hash" >"$stamp"
    log "plugin built in $(elapsed "$t0") s: $zip"
  fi
  PLUGIN_ZIP="$zip"
}

install_plugin() {
  local zip="$1" dest="$ES_HOME/plugins/$PLUGIN_NAME" sum
  sum="$(sha256sum "$zip" | cut -c1-16)"
  if [[ -f "$dest/.zip-sha256" && "$(cat "$dest/.zip-sha256")" == "$sum" ]]; then
    return 0
  fi
  say "installing plugin $PLUGIN_NAME"
  rm -rf "$dest"
  mkdir -p "$dest"
  quiet unzip -q "$zip" -d "$dest"
  echo "$sum" >"$dest/.zip-sha256"
}

write_config() {
  local conf="$ES_HOME/config"
  mkdir -p "$ES_DATA" "$ES_LOGS" "$conf/jvm.options.d"
  cat >"$conf/elasticsearch.yml" <<EOF
# written by stack/stack.sh on every 'up' -- edit the script, not this file
cluster.name: $ES_CLUSTER_NAME
node.name: $ES_NODE_NAME
discovery.type: single-node
network.host: 127.0.0.1
http.port: $ES_PORT
path.data: $ES_DATA
path.logs: $ES_LOGS
# explicit, otherwise security auto-configuration turns on TLS + passwords
xpack.security.enabled: false
xpack.ml.enabled: false
# shared dev machines: never block writes because the disk is nearly full
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  # gc log and fatal error logs next to the node's logs (the stock file uses paths relative to the cwd)
  sed -e "s#file=gc.log#file=$ES_LOGS/gc.log#" \
      -e "s#-XX:ErrorFile=hs_err_pid%p.log#-XX:ErrorFile=$ES_LOGS/hs_err_pid%p.log#" \
      -e "s#^-XX:+HeapDumpOnOutOfMemoryError#-XX:+HeapDumpOnOutOfMemoryError\n-XX:HeapDumpPath=$ES_LOGS#" \
      "$conf/jvm.options.orig" >"$conf/jvm.options"
  cat >"$conf/jvm.options.d/heap.options" <<EOF
-Xms$ES_HEAP
-Xmx$ES_HEAP
EOF
  if [[ "$ES_C1_ONLY" == 1 ]]; then
    # measured on 2 cores: start 6.9 s -> 5.5 s, and short index/search bursts faster too (no C2 compile storms)
    echo "-XX:TieredStopAtLevel=1" >"$conf/jvm.options.d/dev.options"
  else
    rm -f "$conf/jvm.options.d/dev.options"
  fi
  # the launcher's default temp dir (/tmp/elasticsearch-<random>) is never removed when running detached
  rm -rf "$ES_TMP"
  mkdir -p "$ES_TMP"
  # a small synonyms file so synonyms_path can be used/tested out of the box (path relative to config/)
  mkdir -p "$conf/analysis"
  [[ -f "$conf/analysis/synonyms.txt" ]] || printf '%s\n' "# solr format" "tv, television" "laptop, notebook" >"$conf/analysis/synonyms.txt"
}

ensure_es_user() {
  is_root || return 0
  if ! id -u "$ES_USER" >/dev/null 2>&1; then
    say "creating system user $ES_USER (Elasticsearch refuses to run as root)"
    quiet useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
  fi
  chown -R "$ES_USER:" "$ES_HOME" "$ES_DATA" "$ES_LOGS" "$ES_TMP"
  chown "$ES_USER:" "$RUN_DIR"
  # every parent must be traversable by that user
  local d="$STATE_DIR"
  while [[ "$d" != "/" ]]; do
    if ! runuser -u "$ES_USER" -- test -x "$d"; then
      die "$d is not traversable by user $ES_USER; run: chmod o+x '$d'"
    fi
    d="$(dirname "$d")"
  done
}

start_es() { # $1: deadline (SECONDS)
  local jh
  jh="$(java_home)"
  [[ -x "$jh/bin/java" ]] || die "no java at $jh/bin/java (set ES_JAVA_HOME)"
  rm -f "$ES_PIDFILE"
  # CLI_JAVA_OPTS: the launcher JVM's own temp files (final-flags*) go there too instead of leaking into /tmp
  local cmd=(env "ES_JAVA_HOME=$jh" "ES_PATH_CONF=$ES_HOME/config" "ES_TMPDIR=$ES_TMP"
    "CLI_JAVA_OPTS=${CLI_JAVA_OPTS:-} -Djava.io.tmpdir=$ES_TMP"
    "$ES_HOME/bin/elasticsearch" -d -p "$ES_PIDFILE")
  if is_root; then
    cmd=(runuser -u "$ES_USER" -- "${cmd[@]}")
  fi
  log "+ ${cmd[*]}"
  ES_STARTED_HERE=1
  echo "$ES_PORT" >"$ES_PORTFILE"
  # -d: the launcher returns once the node has started (or failed); its output goes to our log
  local rc=0 left=$(($1 - SECONDS))
  ((left > 0)) || left=1
  (cd "$ES_HOME" && timeout "$left" "${cmd[@]}" </dev/null >>"$STACK_LOG" 2>&1) || rc=$?
  if ((rc == 124)); then
    es_fail "elasticsearch did not start within ${ES_START_TIMEOUT_S}s (ES_START_TIMEOUT_S)"
  elif ((rc != 0)); then
    es_fail "the elasticsearch launcher exited with an error (exit $rc)"
  fi
}

es_fail() {
  echo "ERROR: $1" >&2
  log "ERROR: $1"
  local f="$ES_LOGS/$ES_CLUSTER_NAME.log"
  if [[ -f "$f" ]]; then
    echo "---- last lines of $f" >&2
    tail -n 30 "$f" | cut -c1-300 >&2
  fi
  echo "---- last lines of $STACK_LOG" >&2
  tail -n 8 "$STACK_LOG" | cut -c1-300 >&2
  # do not leave a half-started node behind (only one this invocation started)
  local pid
  pid="$(es_pid)"
  if [[ "$ES_STARTED_HERE" == 1 && -n "$pid" ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    echo "(stopped the half-started node, pid $pid)" >&2
  fi
  exit 1
}

wait_es() { # $1: deadline (SECONDS)
  local deadline="$1" pid
  while ((SECONDS < deadline)); do
    if [[ -n "$(http_get "/_cluster/health?wait_for_status=yellow&timeout=2s&filter_path=status" 4 | grep -E '"(yellow|green)"')" ]]; then
      return 0
    fi
    pid="$(read_pid "$ES_PIDFILE")"
    if [[ -n "$pid" ]] && ! pid_alive "$pid"; then
      es_fail "elasticsearch (pid $pid) exited during startup"
    fi
    sleep 0.5
  done
  es_fail "elasticsearch did not become healthy (yellow) within ${ES_START_TIMEOUT_S}s (ES_START_TIMEOUT_S)"
}

es_up() {
  local t0 t_all pid deadline
  t0="$(now)"
  t_all="$t0"
  deadline=$((SECONDS + ES_START_TIMEOUT_S))
  pid="$(es_pid)"
  if [[ -n "$pid" ]]; then
    local running_port
    running_port="$(cat "$ES_PORTFILE" 2>/dev/null || echo "$ES_PORT")"
    if [[ "$running_port" != "$ES_PORT" ]]; then
      die "elasticsearch of this checkout already runs on port $running_port (pid $pid); '$0 down' first to use port $ES_PORT"
    fi
    if es_answers_as_ours; then
      say "elasticsearch $ES_VERSION already running on $ES_URL (pid $pid)"
      return 0
    fi
    say "elasticsearch (pid $pid) is starting, waiting ..."
  else
    if port_in_use "$ES_PORT"; then
      if es_answers_as_ours; then
        say "elasticsearch $ES_VERSION of this checkout already answers on $ES_URL (pidfile missing; 'down' will not find it)"
        return 0
      fi
      local who
      who="$(ss -ltnpH "sport = :$ES_PORT" 2>/dev/null | sed -n 's/.*users:((\(.*\))).*/\1/p' | head -n1)"
      die "port $ES_PORT on 127.0.0.1 is taken by something else${who:+ ($who)}; stop it or use ES_PORT=<port>"
    fi
    command -v curl >/dev/null || die "curl is required"
    command -v unzip >/dev/null || die "unzip is required"
    mkdir -p "$STATE_DIR" "$LOG_DIR" "$RUN_DIR"
    unpack_distribution
    build_plugin
    install_plugin "$PLUGIN_ZIP"
    write_config
    ensure_es_user
    t0="$(now)" # node start time; download/unpack/plugin build are reported on top
    deadline=$((SECONDS + ES_START_TIMEOUT_S))
    start_es "$deadline"
  fi
  wait_es "$deadline"
  local node_s all_s extra=""
  node_s="$(elapsed "$t0")"
  all_s="$(elapsed "$t_all")"
  if awk -v a="$all_s" -v n="$node_s" 'BEGIN { exit !(a - n > 1) }'; then
    extra=", of which node start $node_s s"
  fi
  say "elasticsearch $ES_VERSION up on $ES_URL in $all_s s$extra (pid $(read_pid "$ES_PIDFILE"), logs: ${ES_LOGS#"$REPO_ROOT"/})"
}

es_down() {
  local pid
  pid="$(es_pid)"
  if [[ -z "$pid" ]]; then
    rm -f "$ES_PIDFILE"
    say "elasticsearch: not running (nothing to stop)"
    return 0
  fi
  local t0
  t0="$(now)"
  kill -TERM "$pid"
  local i
  for ((i = 0; i < 600; i++)); do
    pid_alive "$pid" || break
    sleep 0.1
  done
  if pid_alive "$pid"; then
    log "elasticsearch pid $pid still alive after 60 s, sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$ES_PIDFILE"
  say "elasticsearch stopped (pid $pid) in $(elapsed "$t0") s"
}

es_status() {
  local pid body
  pid="$(es_pid)"
  if [[ -n "$pid" && -s "$ES_PORTFILE" ]]; then
    ES_PORT="$(cat "$ES_PORTFILE")"
    ES_URL="http://127.0.0.1:$ES_PORT"
  fi
  if [[ -n "$pid" ]]; then
    local health
    health="$(es_health || true)"
    echo "elasticsearch: running, pid $pid, $ES_URL, version $ES_VERSION, health ${health:-unknown}"
  elif port_in_use "$ES_PORT"; then
    if es_answers_as_ours; then
      echo "elasticsearch: running on $ES_URL (this checkout) but the pidfile is missing"
    else
      body="$(http_get / 2 | sed -n 's/.*"number" *: *"\([^"]*\)".*/\1/p' || true)"
      echo "elasticsearch: NOT ours -- port $ES_PORT is used by another process${body:+ (elasticsearch $body)}"
    fi
  else
    echo "elasticsearch: stopped"
  fi
}

# ---------------------------------------------------------------------------------------------------- redis
redis_ping() {
  if command -v redis-cli >/dev/null; then
    [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == "PONG" ]]
  else
    local line
    exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT" 2>/dev/null || return 1
    printf 'PING\r\n' >&3
    IFS= read -r -t 2 line <&3 || true
    exec 3>&-
    [[ "$line" == "+PONG"* ]]
  fi
}

redis_up() {
  if redis_ping; then
    if [[ -f "$REDIS_OURS" ]] && pid_alive "$(read_pid "$REDIS_PIDFILE")"; then
      say "redis already running on 127.0.0.1:$REDIS_PORT (started by this script, pid $(read_pid "$REDIS_PIDFILE"))"
    else
      rm -f "$REDIS_OURS"
      say "redis: using the one already answering on 127.0.0.1:$REDIS_PORT (not managed by this script)"
    fi
    return 0
  fi
  if port_in_use "$REDIS_PORT"; then
    die "port $REDIS_PORT on 127.0.0.1 is taken but does not answer PING like redis"
  fi
  if ! command -v redis-server >/dev/null; then
    is_root || die "redis-server is not installed (apt-get install redis-server) and we are not root"
    say "installing Debian package redis-server ..."
    quiet apt-get update
    DEBIAN_FRONTEND=noninteractive quiet apt-get install -y --no-install-recommends redis-server
    if redis_ping; then # the package may have started its own service
      say "redis: the package's service answers on 127.0.0.1:$REDIS_PORT (not managed by this script)"
      return 0
    fi
  fi
  mkdir -p "$REDIS_DIR" "$RUN_DIR" "$LOG_DIR"
  quiet redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
    --dir "$REDIS_DIR" --pidfile "$REDIS_PIDFILE" --logfile "$LOG_DIR/redis.log"
  local i
  for ((i = 0; i < 50; i++)); do
    redis_ping && break
    sleep 0.1
  done
  redis_ping || die "redis-server did not answer on 127.0.0.1:$REDIS_PORT; see $LOG_DIR/redis.log"
  touch "$REDIS_OURS"
  say "redis started on 127.0.0.1:$REDIS_PORT (pid $(read_pid "$REDIS_PIDFILE"), no persistence)"
}

redis_down() {
  if [[ ! -f "$REDIS_OURS" ]]; then
    say "redis: not started by this script (left alone)"
    return 0
  fi
  local pid i
  pid="$(read_pid "$REDIS_PIDFILE")"
  if pid_alive "$pid"; then
    kill -TERM "$pid"
    for ((i = 0; i < 100; i++)); do
      pid_alive "$pid" || break
      sleep 0.1
    done
    pid_alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
    say "redis stopped (pid $pid)"
  else
    say "redis: not running"
  fi
  rm -f "$REDIS_OURS" "$REDIS_PIDFILE"
}

redis_status() {
  if redis_ping; then
    if [[ -f "$REDIS_OURS" ]]; then
      echo "redis: running on 127.0.0.1:$REDIS_PORT, pid $(read_pid "$REDIS_PIDFILE") (started by this script)"
    else
      echo "redis: running on 127.0.0.1:$REDIS_PORT (external, not managed by this script)"
    fi
  else
    echo "redis: stopped"
  fi
}

# ---------------------------------------------------------------------------------------------------- main
ensure_gitignore() {
  local gi="$REPO_ROOT/.gitignore"
  if [[ ! -f "$gi" ]] || ! grep -qxF '/.stack/' "$gi"; then
    [[ -s "$gi" && -n "$(tail -c1 "$gi")" ]] && echo >>"$gi"
    echo '/.stack/' >>"$gi"
  fi
}

main() {
  local cmd="${1:-}"
  [[ -n "$ES_VERSION" ]] || die "could not read <es.version> from $PLUGIN_SRC/pom.xml"
  case "$cmd" in
    up)
      ensure_gitignore
      log "=== up (es $ES_VERSION, port $ES_PORT, heap $ES_HEAP)"
      redis_up
      es_up
      ;;
    down)
      log "=== down"
      es_down
      redis_down
      ;;
    status)
      es_status
      redis_status
      ;;
    *)
      echo "usage: $0 up|down|status" >&2
      exit 2
      ;;
  esac
}

# sourced by cluster.sh for its helpers; run directly, it is the single-node stack
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
