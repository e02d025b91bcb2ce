#!/usr/bin/env bash
# Helpers for extra Elasticsearch nodes that run from stack.sh's unpacked distribution with a config dir of their
# own (ES_PATH_CONF): used by cluster.sh and secure.sh. Sourced after stack.sh.

# pid of the node whose files live in $1, if alive and really that node (the launcher hands ES_PATH_CONF to the server)
node_pid() {
  local pid
  pid="$(read_pid "$1/es.pid")"
  if pid_alive "$pid" && tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx -- "ES_PATH_CONF=$1/config"; then
    echo "$pid"
  fi
}

# the distribution and our plugin, ready for any node (shared with stack.sh's node)
prepare_distribution() {
  mkdir -p "$STATE_DIR" "$LOG_DIR" "$RUN_DIR" "$ES_DATA" "$ES_LOGS" "$ES_TMP"
  unpack_distribution
  build_plugin
  install_plugin "$PLUGIN_ZIP"
  ensure_es_user
}

own_node_dir() { if is_root; then chown -R "$ES_USER:" "$1"; fi; }

# $1 node dir, $2 heap; the node's own elasticsearch.yml settings come on stdin
write_node_files() {
  local dir="$1" conf="$1/config"
  mkdir -p "$conf/jvm.options.d" "$dir/data" "$dir/logs" "$dir/tmp"
  cp "$ES_HOME/config/log4j2.properties" "$conf/"
  sed -e "s#file=gc.log#file=$dir/logs/gc.log#" \
    -e "s#-XX:ErrorFile=hs_err_pid%p.log#-XX:ErrorFile=$dir/logs/hs_err_pid%p.log#" \
    -e "s#^-XX:+HeapDumpOnOutOfMemoryError#-XX:+HeapDumpOnOutOfMemoryError\n-XX:HeapDumpPath=$dir/logs#" \
    "$ES_HOME/config/jvm.options.orig" >"$conf/jvm.options"
  printf -- '-Xms%s\n-Xmx%s\n' "$2" "$2" >"$conf/jvm.options.d/heap.options"
  echo "-XX:TieredStopAtLevel=1" >"$conf/jvm.options.d/dev.options"
  {
    echo "# written by stack/$(basename "$0") on every 'up' -- edit the script, not this file"
    cat
    echo "path.data: $dir/data"
    echo "path.logs: $dir/logs"
    echo "xpack.ml.enabled: false"
    echo "cluster.routing.allocation.disk.threshold_enabled: false"
  } >"$conf/elasticsearch.yml"
  own_node_dir "$dir"
}

# sets NODE_CMD: $2… run with the config of the node in $1, as the node's user
node_cmd() {
  local dir="$1"
  shift
  NODE_CMD=(env "ES_JAVA_HOME=$(java_home)" "ES_PATH_CONF=$dir/config" "$@")
  if is_root; then NODE_CMD=(runuser -u "$ES_USER" -- "${NODE_CMD[@]}"); fi
}

# $1 node dir; returns once the launcher has started the node (detached) or failed
start_node() {
  local dir="$1" rc=0
  node_cmd "$dir" "ES_TMPDIR=$dir/tmp" "CLI_JAVA_OPTS=-Djava.io.tmpdir=$dir/tmp" \
    "$ES_HOME/bin/elasticsearch" -d -p "$dir/es.pid"
  log "+ ${NODE_CMD[*]}"
  (cd "$ES_HOME" && timeout "$ES_START_TIMEOUT_S" "${NODE_CMD[@]}" </dev/null >>"$STACK_LOG" 2>&1) || rc=$?
  if ((rc != 0)); then
    tail -n 20 "$dir"/logs/*.log >&2 2>/dev/null || true
    die "the node in $dir did not start (exit $rc; logs: $dir/logs)"
  fi
}

# $1 node dir; TERM, then KILL after 30 s; prints the pid it stopped
stop_node() {
  local pid
  pid="$(node_pid "$1")"
  [[ -n "$pid" ]] || return 0
  kill -TERM "$pid"
  for _ in $(seq 1 300); do pid_alive "$pid" || break; sleep 0.1; done
  if pid_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  echo "$pid"
}
