#!/usr/bin/env bash
# Event delivery benchmark: starts the packaged service against the built-in simulator with a fresh
# database, then runs bench/EventLatency.java (N provisions with C clients, each vm.create event to
# a webhook receiver on loopback): provision throughput with the outbox, and answer-to-webhook latency.
#
#   bench/events.sh [N=1000] [C=32]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
C=${2:-32}
PORT=8820
DB=vmnet_bench_events

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
export DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB"
export QUARKUS_HTTP_PORT=$PORT VYOS_API_KEYS=bench-key SIMULATOR_ENABLED=true SIMULATOR_PORT=$((PORT + 1))
export SIMULATOR_API_KEY=bench-simulator-key SIMULATOR_COMMIT_LATENCY=0ms NETWORK_SUBNET=10.64.0.0/16
export NETWORK_IP_RANGE_START=10.64.0.10 NETWORK_IP_RANGE_END=10.64.255.250
export NETWORK_EXTERNAL_PORTS_START=1024 NETWORK_EXTERNAL_PORTS_END=65535 NETWORK_NAT_RULES_END=999990
export AUTH_RATE_LIMIT_REQUESTS=100000000 INTEGRATIONS_ALLOW_PRIVATE_TARGETS=true QUARKUS_LOG_LEVEL=WARN
export SECRETS_MASTER_KEY=${SECRETS_MASTER_KEY:-$(openssl rand -base64 32)}
java -jar target/quarkus-app/quarkus-run.jar > target/bench-events-service.log 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break
  kill -0 $SERVICE 2>/dev/null || { tail -20 target/bench-events-service.log; exit 1; }
  sleep 0.1
done
java bench/EventLatency.java --url "http://127.0.0.1:$PORT" --key bench-key --vms "$N" --clients "$C"
