#!/usr/bin/env bash
# A throw-away RabbitMQ node of its own (data under /tmp), for tests that stop, restart or kill a broker without
# touching the shared one on 5672.   rabbitmq/node.sh start|stop_app|start_app|kill|stop PORT, or ctl PORT ARGS...
# Its stream protocol listens on PORT - 120 (5673 -> 5553), as the shared broker's 5552 sits below its 5672.
# `run PORT COMMAND...` runs a command as if this node were the machine's broker: RabbitMQ's own tools (unwrapped, so
# they keep this node's cookie) reach it, and rabbitmq/start.sh checks it (RABBITMQ_PORT, RABBITMQ_STREAM_PORT):
#   rabbitmq/node.sh run 5690 rabbitmq-plugins disable rabbitmq_stream; rabbitmq/node.sh run 5690 rabbitmq/start.sh
set -euo pipefail
action=$1
port=${2:-5673}
stream_port=$((port - 120))
base=/tmp/eventual-rabbit-$port
node=eventual$port@localhost
export HOME=$base RABBITMQ_NODENAME=$node RABBITMQ_NODE_PORT=$port RABBITMQ_DIST_PORT=$((port + 20000)) \
  RABBITMQ_MNESIA_BASE=$base/mnesia RABBITMQ_LOG_BASE=$base/log RABBITMQ_CONFIG_FILE=$base/rabbitmq.conf \
  RABBITMQ_ENABLED_PLUGINS_FILE=$base/enabled_plugins RABBITMQ_PID_FILE=$base/pid ERL_CRASH_DUMP=$base/erl_crash.dump
bin=/usr/lib/rabbitmq/bin
ctl() { "$bin/rabbitmqctl" -n "$node" "$@"; }
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
await() {
  for _ in $(seq 1 120); do answers "$port" && answers "$stream_port" && return 0; sleep 0.5; done
  echo "node $node did not answer on $port and $stream_port (stream)" >&2; return 1
}

case $action in
  start)
    mkdir -p "$base/log"
    printf 'listeners.tcp.local = 127.0.0.1:%s\nstream.listeners.tcp.local = 127.0.0.1:%s\n' "$port" "$stream_port" \
      > "$base/rabbitmq.conf"
    echo "[rabbitmq_stream]." > "$base/enabled_plugins"
    "$bin/rabbitmq-server" -detached
    await ;;
  stop_app) ctl stop_app ;;
  start_app) ctl start_app; await ;;
  kill) kill -9 "$(cat "$base/pid")" ;;
  ctl) shift 2; ctl "$@" ;;
  run) shift 2; PATH=$bin:$PATH RABBITMQ_PORT=$port RABBITMQ_STREAM_PORT=$stream_port exec "$@" ;;
  stop) if [ -d "$base" ]; then
          ctl stop >/dev/null 2>&1 || { [ -f "$base/pid" ] && kill -9 "$(cat "$base/pid")" 2>/dev/null; } || true
        fi
        rm -rf "$base" ;;
  *) echo "usage: $0 start|stop_app|start_app|kill|stop PORT | ctl PORT ARGS... | run PORT COMMAND..." >&2; exit 2 ;;
esac
