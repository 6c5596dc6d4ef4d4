#!/usr/bin/env bash
# One run of native ingest with what it leaves idle: a fresh DuckDB server, WARMUP seconds of the
# IngestLoad load, then SECONDS measured with CLIENTS clients, reporting the load's line, the CPU
# seconds of the client and of the server, vmstat every 5 s (its "id" column is the idle CPU) and
# the longest GC pauses. Loopback only; stops by itself.
#
#   bench/scripts/native-ingest.sh [SECONDS=30] [CLIENTS=16] [WARMUP=15]
set -euo pipefail
SECONDS_MEASURED=${1:-30}
CLIENTS=${2:-16}
WARMUP=${3:-15}
source "$(dirname "$0")/server-lib.sh"
build
start_server duckdb
trap 'stop_server' EXIT
ingest --format native --clients "$CLIENTS" --seconds "$WARMUP" --prefix ff --first-trace 1000000000 > /dev/null
while [ "$(pending_rows)" != 0 ]; do sleep 0.5; done
before=$(cpu)
VMSTAT=$(mktemp /tmp/sightline-vmstat.XXXXXX)
vmstat 5 $(( SECONDS_MEASURED / 5 + 1 )) > "$VMSTAT" &
/usr/bin/time -f 'client: cpu_s=%U+%S' java -cp "$CP" dev.sightline.bench.IngestLoad --url "http://127.0.0.1:$PORT" \
  --key $KEY --format native --clients "$CLIENTS" --seconds "$SECONDS_MEASURED" --prefix 1 --first-trace 0
echo "server: cpu_s=$(echo "$(cpu) - $before" | bc)"
wait
cat "$VMSTAT"; rm -f "$VMSTAT"
echo "longest GC pauses:"; grep -h "Pause" "$DATA"/gc.*.log | awk '{print $NF}' | sort -n | tail -3
