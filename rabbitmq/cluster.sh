#!/usr/bin/env bash
# A 3-node RabbitMQ cluster of its own on this one machine (data under /tmp), for tests and demos of broker fail-over
# without touching the shared broker on 5672. Nodes eventual-c1..c3@localhost, AMQP on 5681..5683, streams on
# 5561..5563 (120 below, as rabbitmq/node.sh does), one shared Erlang cookie, rabbitmq_stream on each,
# cluster_partition_handling = pause_minority. Quorum queues and streams declared on it replicate to all three.
#
#   rabbitmq/cluster.sh start | stop | status
#   rabbitmq/cluster.sh kill N | restart N | ctl N ARGS...     (N = 1, 2 or 3)
#   rabbitmq/cluster.sh leader QUEUE                           prints N of the node that leads QUEUE
#   rabbitmq/cluster.sh addresses                              prints 127.0.0.1:5681,127.0.0.1:5682,127.0.0.1:5683
set -euo pipefail
base=/tmp/eventual-cluster
bin=/usr/lib/rabbitmq/bin
first=${EVENTUAL_CLUSTER_PORT:-5681}
nodes=(1 2 3)

port() { echo $((first + $1 - 1)); }
stream_port() { echo $(($(port "$1") - 120)); }
name() { echo "eventual-c$1@localhost"; }
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

env_of() {
  local n=$1 dir=$base/c$1
  export HOME=$dir RABBITMQ_NODENAME=$(name "$n") RABBITMQ_NODE_PORT=$(port "$n") \
    RABBITMQ_DIST_PORT=$(($(port "$n") + 20000)) RABBITMQ_MNESIA_BASE=$dir/mnesia RABBITMQ_LOG_BASE=$dir/log \
    RABBITMQ_CONFIG_FILE=$dir/rabbitmq.conf RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins \
    RABBITMQ_PID_FILE=$dir/pid ERL_CRASH_DUMP=$dir/erl_crash.dump
}

ctl() { local n=$1; shift; (env_of "$n"; "$bin/rabbitmqctl" -n "$(name "$n")" "$@"); }

await() {
  local n=$1
  for _ in $(seq 1 120); do
    answers "$(port "$n")" && answers "$(stream_port "$n")" && return 0
    sleep 0.5
  done
  echo "cluster node $(name "$n") did not answer on $(port "$n") and $(stream_port "$n") (stream)" >&2
  return 1
}

launch() {
  local n=$1 dir=$base/c$1
  mkdir -p "$dir/log"
  printf 'listeners.tcp.local = 127.0.0.1:%s\nstream.listeners.tcp.local = 127.0.0.1:%s\ncluster_partition_handling = pause_minority\n' \
    "$(port "$n")" "$(stream_port "$n")" > "$dir/rabbitmq.conf"
  echo "[rabbitmq_stream]." > "$dir/enabled_plugins"
  (env_of "$n"; "$bin/rabbitmq-server" -detached)
}

stop_all() {
  for n in "${nodes[@]}"; do
    if [ -f "$base/c$n/pid" ]; then
      kill -9 "$(cat "$base/c$n/pid")" 2>/dev/null || true
    fi
  done
  pkill -9 -f "eventual-c[123]@localhost" 2>/dev/null || true
  rm -rf "$base"
}

case ${1:-} in
  start)
    stop_all
    cookie=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
    for n in "${nodes[@]}"; do
      mkdir -p "$base/c$n"
      printf '%s' "$cookie" > "$base/c$n/.erlang.cookie"
      chmod 400 "$base/c$n/.erlang.cookie"
      launch "$n"
    done
    for n in "${nodes[@]}"; do await "$n"; done
    for n in 2 3; do
      ctl "$n" stop_app >/dev/null
      ctl "$n" join_cluster "$(name 1)" >/dev/null 2>&1
      ctl "$n" start_app >/dev/null
      await "$n"
    done
    echo "cluster up: $("$0" addresses)" ;;
  stop) stop_all ;;
  kill) kill -9 "$(cat "$base/c$2/pid")" ;;
  restart) launch "$2"; await "$2" ;;
  ctl) n=$2; shift 2; ctl "$n" "$@" ;;
  status) ctl 1 cluster_status ;;
  leader)
    for n in "${nodes[@]}"; do
      if answers "$(port "$n")"; then
        leader=$(ctl "$n" list_queues -q --no-table-headers name leader 2>/dev/null | awk -v q="$2" '$1 == q {print $2}')
        [ -n "$leader" ] && { echo "${leader#eventual-c}" | cut -d@ -f1; exit 0; }
      fi
    done
    echo "no leader known for $2" >&2; exit 1 ;;
  addresses) echo "127.0.0.1:$(port 1),127.0.0.1:$(port 2),127.0.0.1:$(port 3)" ;;
  *) echo "usage: $0 start|stop|status|kill N|restart N|ctl N ARGS...|leader QUEUE|addresses" >&2; exit 2 ;;
esac
