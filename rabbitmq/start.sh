#!/usr/bin/env bash
# Makes sure a RabbitMQ answers on 127.0.0.1:${RABBITMQ_PORT:-5672}: installs it with apt when missing (as root),
# starts it when it is not running, and waits until it accepts connections.
set -euo pipefail
port=${RABBITMQ_PORT:-5672}

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

if answers; then
  echo "RabbitMQ answers on 127.0.0.1:$port"
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
  if [ "$(id -u)" -eq 0 ]; then
    rabbitmq-server -detached || true
  else
    sudo rabbitmq-server -detached || true
  fi
fi

for _ in $(seq 1 120); do
  if answers; then
    echo "RabbitMQ answers on 127.0.0.1:$port"
    exit 0
  fi
  sleep 1
done
echo "RabbitMQ did not start within 120 s; see /var/log/rabbitmq/ for why." >&2
exit 1
