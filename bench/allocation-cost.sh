#!/usr/bin/env bash
# Shows that taking an address costs the same whatever the pool size and fill: runs
# EXPLAIN (ANALYZE, BUFFERS) of AllocationRepository's TAKE_IP statement, read from the source,
# against a /16 free list with 65534, 655 and 30 free addresses. Needs the schema: run
# bench/run.sh first (it leaves the vmnet_bench database behind).
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${DB:-vmnet_bench}
SQL=$(awk '/TAKE_IP = """/{found=1; next} found && /""";/{exit} found' src/main/java/dev/vmnet/allocation/AllocationRepository.java)
psql() { command psql -h 127.0.0.1 -U postgres -q "$DB" "$@"; }

for free in 65534 655 30; do
  psql -c "DELETE FROM free_ip" \
       -c "INSERT INTO free_ip SELECT '10.64.0.0'::inet + g FROM generate_series(1, 65534) g ORDER BY random()" \
       -c "DELETE FROM free_ip WHERE ip IN (SELECT ip FROM free_ip ORDER BY random() LIMIT 65534 - $free)" \
       -c "VACUUM ANALYZE free_ip" >/dev/null
  buffers=$(psql <<SQL | grep -m1 Buffers
BEGIN ISOLATION LEVEL SERIALIZABLE;
SET LOCAL enable_seqscan = off;
PREPARE take(text, text, text) AS $SQL;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) EXECUTE take('10.64.0.1', '10.64.255.254', '10.64.77.77');
ROLLBACK;
SQL
)
  echo "free addresses: $free of 65534 -> $(echo "$buffers" | xargs)"
done
psql -c "TRUNCATE free_ip, allocation_pool" >/dev/null  # the next start of the service refills the pools
