#!/usr/bin/env bash
# Local distributed engines, from the same artifacts as stack.sh (never touching its node or the Redis on 6379):
#   - a 3-node Elasticsearch cluster: HTTP 127.0.0.1:9211-9213, transport 9311-9313
#   - a Redis Cluster of 3 masters + 3 replicas on 127.0.0.1:7001-7006
#   - a Sentinel group: master 7011, replica 7012, sentinels 26379-26381, master name `catalog`
#
# usage: stack/cluster.sh up|down|status [es|redis-cluster|sentinel ...]   (default: all three)
#
# env: CLUSTER_ES_HEAP (512m)  ES_START_TIMEOUT_S (120)  plus stack.sh's ES_VERSION, ES_JAVA_HOME, ES_USER
set -euo pipefail
shopt -s inherit_errexit

ES_START_TIMEOUT_S="${ES_START_TIMEOUT_S:-120}"
# shellcheck source=stack/stack.sh
source "$(dirname "${BASH_SOURCE[0]}")/stack.sh"
# shellcheck source=stack/es-node.sh
source "$(dirname "${BASH_SOURCE[0]}")/es-node.sh"

CLUSTER_DIR="$STATE_DIR/cluster"
CLUSTER_ES_HEAP="${CLUSTER_ES_HEAP:-512m}"
CLUSTER_ES_NAME="local-cluster"
CLUSTER_ES_NODES=(1 2 3)
REDIS_CLUSTER_PORTS=(7001 7002 7003 7004 7005 7006)
SENTINEL_MASTER_PORT=7011
SENTINEL_REPLICA_PORT=7012
SENTINEL_PORTS=(26379 26380 26381)
SENTINEL_MASTER_NAME="catalog"

es_node_dir() { echo "$CLUSTER_DIR/es-$1"; }
es_node_http() { echo $((9210 + $1)); }
es_node_transport() { echo $((9310 + $1)); }

# ---------------------------------------------------------------------------------------------------- elasticsearch
write_node_config() { # $1 node number
  local seeds masters
  seeds="$(for n in "${CLUSTER_ES_NODES[@]}"; do printf '"127.0.0.1:%s",' "$(es_node_transport "$n")"; done)"
  masters="$(for n in "${CLUSTER_ES_NODES[@]}"; do printf '"cluster-es-%s",' "$n"; done)"
  write_node_files "$(es_node_dir "$1")" "$CLUSTER_ES_HEAP" <<EOT
cluster.name: $CLUSTER_ES_NAME
node.name: cluster-es-$1
network.host: 127.0.0.1
http.port: $(es_node_http "$1")
transport.port: $(es_node_transport "$1")
discovery.seed_hosts: [${seeds%,}]
cluster.initial_master_nodes: [${masters%,}]
xpack.security.enabled: false
EOT
}

cluster_es_up() {
  local t0 n started=() deadline
  t0="$(now)"
  for n in "${CLUSTER_ES_NODES[@]}"; do
    [[ -n "$(node_pid "$(es_node_dir "$n")")" ]] && continue
    port_in_use "$(es_node_http "$n")" && die "port $(es_node_http "$n") is taken by something that is not cluster-es-$n"
    started+=("$n")
  done
  if ((${#started[@]} > 0)); then
    prepare_distribution
    mkdir -p "$CLUSTER_DIR"
    own_node_dir "$CLUSTER_DIR"
    for n in "${started[@]}"; do write_node_config "$n"; done
    # launched together: the first master election needs a quorum of the initial master nodes
    for n in "${started[@]}"; do start_node "$(es_node_dir "$n")" & done
    wait
  fi
  deadline=$((SECONDS + ES_START_TIMEOUT_S))
  until curl -sS --max-time 3 "http://127.0.0.1:$(es_node_http 1)/_cluster/health?wait_for_nodes=3&wait_for_status=yellow&timeout=2s" 2>/dev/null |
    grep -q '"number_of_nodes":3'; do
    ((SECONDS < deadline)) || die "the Elasticsearch cluster did not form 3 nodes within ${ES_START_TIMEOUT_S}s (logs: $CLUSTER_DIR/es-*/logs)"
    sleep 0.5
  done
  say "elasticsearch cluster $CLUSTER_ES_NAME: 3 nodes on http://127.0.0.1:9211-9213 (${#started[@]} started, $(elapsed "$t0") s)"
}

cluster_es_down() {
  local n pid
  for n in "${CLUSTER_ES_NODES[@]}"; do
    pid="$(stop_node "$(es_node_dir "$n")")"
    [[ -z "$pid" ]] || say "cluster-es-$n stopped (pid $pid)"
  done
}

cluster_es_status() {
  local n pid
  for n in "${CLUSTER_ES_NODES[@]}"; do
    pid="$(node_pid "$(es_node_dir "$n")")"
    if [[ -n "$pid" ]]; then
      echo "cluster-es-$n: running, pid $pid, http://127.0.0.1:$(es_node_http "$n")"
    else
      echo "cluster-es-$n: stopped"
    fi
  done
  curl -sS --max-time 2 "http://127.0.0.1:$(es_node_http 1)/_cat/health?h=status,node.total" 2>/dev/null | sed 's/^/cluster health: /' || true
}

# ---------------------------------------------------------------------------------------------------- redis
redis_dir() { echo "$CLUSTER_DIR/redis-$1"; }
redis_pid_of() { # pid of our redis (or sentinel) on port $1
  local pid
  pid="$(read_pid "$(redis_dir "$1")/redis.pid")"
  pid_alive "$pid" && echo "$pid" || true
}
ping_port() { [[ "$(redis-cli -p "$1" ping 2>/dev/null)" == PONG ]]; }

start_redis() { # $1 port, then extra redis-server arguments
  local port="$1" dir
  shift
  dir="$(redis_dir "$port")"
  if [[ -n "$(redis_pid_of "$port")" ]]; then return 0; fi
  port_in_use "$port" && die "port $port is taken by something this script did not start"
  mkdir -p "$dir"
  quiet redis-server --bind 127.0.0.1 --port "$port" --daemonize yes --save '' --appendonly no --dir "$dir" \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" "$@"
  for _ in $(seq 1 50); do ping_port "$port" && return 0; sleep 0.1; done
  die "redis on port $port did not answer (log: $dir/redis.log)"
}

stop_redis() { # $1 port
  local pid
  pid="$(redis_pid_of "$1")"
  [[ -n "$pid" ]] || return 0
  kill -TERM "$pid"
  for _ in $(seq 1 50); do pid_alive "$pid" || break; sleep 0.1; done
  pid_alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$(redis_dir "$1")/redis.pid"
}

redis_cluster_up() {
  local p fresh=0 nodes=()
  for p in "${REDIS_CLUSTER_PORTS[@]}"; do
    [[ -n "$(redis_pid_of "$p")" ]] || fresh=1
    # a node restarted from its nodes.conf rejoins the cluster it knew
    start_redis "$p" --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000
    nodes+=("127.0.0.1:$p")
  done
  if ! redis-cli -p 7001 cluster info 2>/dev/null | grep -q 'cluster_state:ok'; then
    if [[ "$(redis-cli -p 7001 cluster info | sed -n 's/cluster_known_nodes:\([0-9]*\).*/\1/p')" -le 1 ]]; then
      quiet redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes
    fi
    for _ in $(seq 1 100); do redis-cli -p 7001 cluster info | grep -q 'cluster_state:ok' && break; sleep 0.1; done
    redis-cli -p 7001 cluster info | grep -q 'cluster_state:ok' || die "redis cluster did not reach state ok"
  fi
  say "redis cluster: 3 masters + 3 replicas on 127.0.0.1:7001-7006 ($([[ $fresh == 1 ]] && echo started || echo already running))"
}

redis_cluster_down() {
  local p
  for p in "${REDIS_CLUSTER_PORTS[@]}"; do stop_redis "$p"; done
  # a new 'up' creates a new cluster: forget the old topology
  rm -rf "$CLUSTER_DIR"/redis-700[1-6]
  say "redis cluster stopped"
}

sentinel_up() {
  local s dir
  start_redis "$SENTINEL_MASTER_PORT"
  start_redis "$SENTINEL_REPLICA_PORT" --replicaof 127.0.0.1 "$SENTINEL_MASTER_PORT"
  for s in "${SENTINEL_PORTS[@]}"; do
    dir="$(redis_dir "$s")"
    if [[ -z "$(redis_pid_of "$s")" ]]; then
      mkdir -p "$dir"
      # sentinels rewrite their config file with what they learn: a fresh one each start.
      # A split or failed election is retried after 2 × failover-timeout: 4 s here, not 10.
      cat >"$dir/sentinel.conf" <<EOF
sentinel monitor $SENTINEL_MASTER_NAME 127.0.0.1 $SENTINEL_MASTER_PORT 2
sentinel down-after-milliseconds $SENTINEL_MASTER_NAME 1000
sentinel failover-timeout $SENTINEL_MASTER_NAME 2000
sentinel parallel-syncs $SENTINEL_MASTER_NAME 1
EOF
      port_in_use "$s" && die "port $s is taken by something this script did not start"
      quiet redis-server "$dir/sentinel.conf" --sentinel --bind 127.0.0.1 --port "$s" --daemonize yes \
        --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir"
      for _ in $(seq 1 50); do ping_port "$s" && break; sleep 0.1; done
    fi
  done
  for _ in $(seq 1 100); do
    [[ "$(redis-cli -p "${SENTINEL_PORTS[0]}" sentinel master "$SENTINEL_MASTER_NAME" 2>/dev/null |
      awk 'prev=="num-other-sentinels"{print; exit} {prev=$0}')" == 2 ]] && break
    sleep 0.1
  done
  say "redis sentinel: master '$SENTINEL_MASTER_NAME' on 127.0.0.1:$SENTINEL_MASTER_PORT, replica $SENTINEL_REPLICA_PORT, sentinels ${SENTINEL_PORTS[*]}"
}

sentinel_down() {
  local p
  for p in "${SENTINEL_PORTS[@]}" "$SENTINEL_MASTER_PORT" "$SENTINEL_REPLICA_PORT"; do stop_redis "$p"; done
  rm -rf "$(redis_dir "$SENTINEL_MASTER_PORT")" "$(redis_dir "$SENTINEL_REPLICA_PORT")"
  say "redis sentinel group stopped"
}

sentinel_status() {
  local addr
  addr="$(redis-cli -p "${SENTINEL_PORTS[0]}" sentinel get-master-addr-by-name "$SENTINEL_MASTER_NAME" 2>/dev/null | paste -sd: || true)"
  if [[ -n "$addr" ]]; then echo "redis sentinel: master $SENTINEL_MASTER_NAME at $addr"; else echo "redis sentinel: stopped"; fi
}

redis_cluster_status() {
  local state
  state="$(redis-cli -p 7001 cluster info 2>/dev/null | sed -n 's/cluster_state:\([a-z]*\).*/\1/p' || true)"
  echo "redis cluster: ${state:-stopped}"
}

# ---------------------------------------------------------------------------------------------------- main
cluster_main() {
  local cmd="${1:-}" parts
  shift || true
  parts=("$@")
  ((${#parts[@]} > 0)) || parts=(es redis-cluster sentinel)
  command -v redis-server >/dev/null || die "redis-server is required (apt-get install redis-server)"
  for part in "${parts[@]}"; do
    case "$cmd:$part" in
      up:es) cluster_es_up ;;
      up:redis-cluster) redis_cluster_up ;;
      up:sentinel) sentinel_up ;;
      down:es) cluster_es_down ;;
      down:redis-cluster) redis_cluster_down ;;
      down:sentinel) sentinel_down ;;
      status:es) cluster_es_status ;;
      status:redis-cluster) redis_cluster_status ;;
      status:sentinel) sentinel_status ;;
      *) echo "usage: $0 up|down|status [es|redis-cluster|sentinel ...]" >&2; exit 2 ;;
    esac
  done
}

cluster_main "$@"
