#!/usr/bin/env bash
# The VirtualBox API under load, against the VBoxManage stand-in: starts the packaged service with a
# fresh database and a fresh VBOX_USER_HOME, creates N VMs with C concurrent clients (each with a
# disk and its network on the simulated router), lists them, starts, stops and deletes them, and
# prints the latency of each kind of call and the time VBoxManage itself took (the stand-in's log).
#
#   bench/vbox.sh [N=40] [C=4]
#
# What it measures is the service's share: the stand-in answers in tens of milliseconds, a real
# VBoxManage in hundreds (createvm, storageattach) to seconds (startvm).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-40}
C=${2:-4}
PORT=8820
DB=vmnet_bench_vbox
HOME_DIR=$PWD/target/bench-vbox

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
rm -rf "$HOME_DIR" && mkdir -p "$HOME_DIR/home" "$HOME_DIR/media"

export DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB"
export QUARKUS_HTTP_PORT=$PORT VYOS_API_KEYS=bench-key SIMULATOR_ENABLED=true SIMULATOR_PORT=$((PORT + 1))
export SIMULATOR_API_KEY=bench-simulator-key SIMULATOR_COMMIT_LATENCY=${SIMULATOR_COMMIT_LATENCY:-100ms}
export VBOXMANAGE_PATH=$PWD/tools/vboxmanage/VBoxManage VBOX_USER_HOME=$HOME_DIR/home VBOX_MEDIA_ROOT=$HOME_DIR/media
export VBOX_CONSOLE_PORTS=29000-29999 AUTH_RATE_LIMIT_REQUESTS=100000000 QUARKUS_LOG_LEVEL=WARN
java -jar target/quarkus-app/quarkus-run.jar > target/bench-vbox-service.log 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break
  kill -0 $SERVICE 2>/dev/null || { tail -20 target/bench-vbox-service.log; exit 1; }
  sleep 0.1
done

API="http://127.0.0.1:$PORT/api/v1"
call() { # method path [body]: prints "status seconds"
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X "$1" "$API$2" -H 'X-API-Key: bench-key' \
       -H 'Content-Type: application/json' ${3:+-d "$3"}
}
export -f call
export API
report() { # name file
  local total failed
  total=$(wc -l < "$2")
  failed=$(awk '$1 !~ /^2/' "$2" | wc -l)
  awk '{print $2 * 1000}' "$2" | sort -n | awk -v name="$1" -v total="$total" -v failed="$failed" '
      function at(p,  i) { i = int(NR * p); if (i < 1) i = 1; return v[i] }
      {v[NR] = $1}
      END {printf "%-8s %4d calls, %d failed: p50 %4.0f ms, p90 %4.0f ms, p99 %4.0f ms, max %4.0f ms\n",
           name, total, failed, at(0.5), at(0.9), at(0.99), v[NR]}'
}
run() { # name method path [body]: one call per VM (VM in them becomes vm-<n>), C at a time
  local started
  started=$(date +%s%N)
  seq 1 "$N" | xargs -P "$C" -I@ bash -c "call $2 \"\${0//VM/vm-@}\" \"\${1//VM/vm-@}\"" "$3" "${4:-}" > "$HOME_DIR/$1.txt"
  report "$1" "$HOME_DIR/$1.txt"
  echo "         $(( N * 1000000000 / ($(date +%s%N) - started) )) per second"
}

echo "VirtualBox API: $N VMs, $C clients, stand-in $(tools/vboxmanage/VBoxManage --version), router commit ${SIMULATOR_COMMIT_LATENCY}"
run create POST /vms '{"name": "VM", "os_type": "Ubuntu_64", "memory_mb": 512, "storage_gb": 1, "provision_network": true}'
: > "$HOME_DIR/list.txt"
for _ in $(seq 1 10); do call GET /vms >> "$HOME_DIR/list.txt"; done
report list "$HOME_DIR/list.txt"
run get GET /vms/VM
run start POST /vms/VM/start '{"headless": true}'
run stop POST /vms/VM/stop '{"force": true}'
run delete DELETE /vms/VM
python3 - "$HOME_DIR/home/standin.log" <<'EOF'
import json, sys, collections
times = collections.defaultdict(list)
for line in open(sys.argv[1]):
    call = json.loads(line)
    times[call["argv"][0]].append(call["end_ms"] - call["start_ms"])
print("VBoxManage (stand-in) per command: " + ", ".join(
    "%s %d x %.0f ms" % (name, len(t), sorted(t)[len(t) // 2]) for name, t in sorted(times.items())))
EOF
