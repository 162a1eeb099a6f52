#!/usr/bin/env bash
# Runs the load benchmark: starts the packaged service against the built-in simulator with a /16
# pool and a fresh database, warms it up, then for each simulator commit latency provisions N VMs
# with C concurrent clients and decommissions them.
#
#   bench/run.sh [N=2000] [C=32] [commit latencies in ms, comma-separated=0] [subnet=10.64.0.0/16]
#   bench/run.sh 2000 64 0,200,1000
#
# BENCH_WARMUP (default 1000) provisions and decommissions run first at 0 ms, unmeasured, so the
# JIT has compiled the hot paths.
# Any NETWORK_* or SIMULATOR_* variable set by the caller wins, e.g. for a /20:
#   NETWORK_IP_RANGE_END=10.64.15.250 bench/run.sh 2000 32 0ms 10.64.0.0/20
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
C=${2:-32}
LATENCIES=${3:-0}
SUBNET=${4:-10.64.0.0/16}
PORT=8810
DB=vmnet_bench

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null

# a throwaway JWT key pair, so the run has JWT on as a production deployment would
mkdir -p target/bench-jwt
[ -f target/bench-jwt/private.pem ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
    -out target/bench-jwt/private.pem 2>/dev/null
openssl pkey -in target/bench-jwt/private.pem -pubout -out target/bench-jwt/public.pem
export SMALLRYE_JWT_SIGN_KEY_LOCATION=$PWD/target/bench-jwt/private.pem
export MP_JWT_VERIFY_PUBLICKEY_LOCATION=$PWD/target/bench-jwt/public.pem

NET=${SUBNET%/*}
BASE=${NET%.*.*}
export DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB"
export QUARKUS_HTTP_PORT=$PORT VYOS_API_KEYS=bench-key SIMULATOR_ENABLED=true SIMULATOR_PORT=$((PORT + 1))
export SIMULATOR_API_KEY=bench-simulator-key SIMULATOR_COMMIT_LATENCY=0ms NETWORK_SUBNET=$SUBNET
export NETWORK_IP_RANGE_START=${NETWORK_IP_RANGE_START:-$BASE.0.10} NETWORK_IP_RANGE_END=${NETWORK_IP_RANGE_END:-$BASE.255.250}
export NETWORK_EXTERNAL_PORTS_START=${NETWORK_EXTERNAL_PORTS_START:-1024} NETWORK_EXTERNAL_PORTS_END=${NETWORK_EXTERNAL_PORTS_END:-65535}
export NETWORK_NAT_RULES_START=${NETWORK_NAT_RULES_START:-10001} NETWORK_NAT_RULES_END=${NETWORK_NAT_RULES_END:-999990}
export AUTH_RATE_LIMIT_REQUESTS=${AUTH_RATE_LIMIT_REQUESTS:-100000000}
export PROVISIONING_QUEUE_TIMEOUT=10m PROVISIONING_RECOVERY_AFTER=30m QUARKUS_LOG_LEVEL=WARN
STARTED=$(date +%s%N)
java ${BENCH_JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar > target/bench-service.log 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break
  kill -0 $SERVICE 2>/dev/null || { grep -m1 -A1 'Failed to start' target/bench-service.log; exit 1; }
  sleep 0.1
done
rss() { echo "$(( $(awk '/VmRSS/ {print $2}' /proc/$SERVICE/status) / 1024 )) MiB"; }
echo "JVM: ready $(( ($(date +%s%N) - STARTED) / 1000000 )) ms after launch; RSS $(rss) (options: ${BENCH_JAVA_OPTS:-none})"
# RSS once a second while the load runs: its peak is what a container limit must hold
( while kill -0 $SERVICE 2>/dev/null; do awk '/VmRSS/ {print int($2 / 1024)}' /proc/$SERVICE/status; sleep 1; done ) \
    > target/bench-rss.log 2>/dev/null &

echo "service: $SUBNET pool; load: $N VMs, $C clients; simulator commit latencies (ms): $LATENCIES"
java bench/ProvisionLoad.java --url "http://127.0.0.1:$PORT" --key bench-key --vms "$N" --clients "$C" \
    --warmup "${BENCH_WARMUP:-1000}" --latencies "$LATENCIES" \
    --simulator "http://127.0.0.1:$((PORT + 1))" --simulator-key bench-simulator-key
echo "JVM: RSS $(rss) after the load, peak $(sort -n target/bench-rss.log | tail -1) MiB during it"
