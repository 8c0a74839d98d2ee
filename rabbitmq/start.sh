#!/usr/bin/env bash
# Makes sure a RabbitMQ answers on 127.0.0.1:${RABBITMQ_PORT:-5672}, with its stream protocol (plugin rabbitmq_stream,
# which the nodes read the event stream with) on ${RABBITMQ_STREAM_PORT:-5552}: installs it with apt when missing (as
# root), starts it when it is not running, enables the plugin when it is off, and waits until both accept connections.
set -euo pipefail
port=${RABBITMQ_PORT:-5672}
stream_port=${RABBITMQ_STREAM_PORT:-5552}

answers() { (exec 3<>"/dev/tcp/127.0.0.1/${1:-$port}") 2>/dev/null; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Enabling the plugin on a running node starts its listener at once, and is remembered across restarts.
ensure_streams() {
  if ! answers "$stream_port"; then
    echo "Enabling RabbitMQ's stream protocol (rabbitmq-plugins enable rabbitmq_stream)..."
    as_root rabbitmq-plugins enable --quiet rabbitmq_stream >/dev/null
    for _ in $(seq 1 60); do
      answers "$stream_port" && break
      sleep 1
    done
  fi
  if ! answers "$stream_port"; then
    echo "RabbitMQ's stream protocol does not answer on 127.0.0.1:$stream_port; see /var/log/rabbitmq/ for why." >&2
    exit 1
  fi
  echo "RabbitMQ answers on 127.0.0.1:$port (AMQP) and 127.0.0.1:$stream_port (streams)"
}

if answers; then
  ensure_streams
  exit 0
fi

if ! command -v rabbitmq-server >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "RabbitMQ is not installed. Install the rabbitmq-server package (e.g. sudo apt-get install rabbitmq-server) and run this again." >&2
    exit 1
  fi
  echo "Installing RabbitMQ with apt-get..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >/dev/null
fi

if ! answers; then
  echo "Starting RabbitMQ..."
  as_root rabbitmq-server -detached || true
fi

for _ in $(seq 1 120); do
  if answers; then
    ensure_streams
    exit 0
  fi
  sleep 1
done
echo "RabbitMQ did not start within 120 s; see /var/log/rabbitmq/ for why." >&2
exit 1
