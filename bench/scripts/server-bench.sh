#!/usr/bin/env bash
# Server benchmark: sustained durable ingest, then query latency over what was loaded, with the
# server's CPU time and resident memory. Loopback only; stops by itself.
#
#   bench/scripts/server-bench.sh [SPANS=2000000] [CLIENTS=8] [STORAGE=duckdb] [FORMAT=native]
#
# FORMAT is native (POST /api/ingest), metadata (the same without input and output) or otlp
# (POST /v1/traces, protobuf).
# Prints one "ingest:" line, the server's CPU seconds and peak RSS, one "query:" line per query,
# and the bytes on disk per span.
set -euo pipefail
SPANS=${1:-2000000}
CLIENTS=${2:-8}
STORAGE=${3:-duckdb}
FORMAT=${4:-native}
source "$(dirname "$0")/server-lib.sh"

build
start_server "$STORAGE"
trap stop_server EXIT

# Warm the JIT so the measured run is steady state, then measure.
ingest --format "$FORMAT" --clients "$CLIENTS" --seconds 15 --prefix ff > /dev/null
before=$(cpu)
ingest --format "$FORMAT" --clients "$CLIENTS" --seconds 3600 --max-spans "$SPANS" --prefix 1 \
  | tee "$DATA/ingest.txt"
after=$(cpu)
echo "server: cpu_seconds=$(echo "$after - $before" | bc) peak_rss=$(peak_rss)"
# Let the loader drain so queries see everything.
for _ in $(seq 300); do
  pending=$(curl -s "http://127.0.0.1:$PORT/health" | sed 's/.*"pendingRows":\([0-9]*\).*/\1/')
  [ "$pending" = "0" ] && break; sleep 1
done
traces=$(sed 's/.* traces=\([0-9]*\).*/\1/' "$DATA/ingest.txt")
java -cp "$CP" dev.sightline.bench.QueryLoad --url http://127.0.0.1:$PORT --key $KEY --prefix 1 \
  --traces "$traces" --requests 200
echo "server: peak_rss=$(peak_rss) data_dir=$(du -sh "$DATA" | cut -f1)"
# Bytes on disk per acknowledged span, by part (the write-ahead log apart: it is trimmed as it ages).
spans=$(sed 's/.* acked_spans=\([0-9]*\).*/\1/' "$DATA/ingest.txt")
for part in duckdb/sightline.duckdb duckdb/blocks duckdb/index wal; do
  bytes=$(du -sb "$DATA/$part" 2>/dev/null | cut -f1)
  echo "disk: $part bytes=${bytes:-0} per_span=$(( ${bytes:-0} / spans ))"
done
