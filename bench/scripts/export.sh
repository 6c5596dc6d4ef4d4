#!/usr/bin/env bash
# Export speed end to end, as a user runs it: a fresh DuckDB server gets SPANS spans of the synthetic
# LLM load (IngestLoad: 10 spans per trace, ~1 KB chat texts, half of them generations), stored;
# then, ROUNDS times, `sightline export --format jsonl -o FILE` (the CLI, over HTTP on loopback)
# writes every trace to a file. Reports per round the wall time, spans per second, the lines and
# bytes written, and the CPU seconds of the server and of the CLI; then the median spans per second.
# Loopback only; stops by itself (each export is bounded by LIMIT seconds).
#
#   [JUDGED=1] bench/scripts/export.sh [SPANS=1000000] [ROUNDS=3]
#
# With JUDGED=1, three evaluators judge every generation as it is ingested (add_evaluators), so the
# export also reads their packed scores.
set -euo pipefail
SPANS=${1:-1000000}
ROUNDS=${2:-3}
LIMIT=${LIMIT:-600}
source "$(dirname "$0")/server-lib.sh"
OUT=$(mktemp /tmp/sightline-export.XXXXXX)
RESULTS=$(mktemp /tmp/sightline-export-results.XXXXXX)
trap 'stop_server; rm -f "$OUT" "$RESULTS" "$OUT.time"' EXIT

build
start_server duckdb
[ "${JUDGED:-0}" = 1 ] && add_evaluators
ingest --format native --clients 8 --seconds 3600 --max-spans "$SPANS" --prefix 1 > /dev/null
while [ "$(pending_rows)" != 0 ]; do sleep 0.5; done
echo "settings: spans=$SPANS rounds=$ROUNDS cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
  rm -f "$OUT" # truncating the previous 1.6 GB is not the export's cost
  before=$(cpu)
  t0=$(date +%s.%N)
  # the JVM options ./sightline gives its client commands
  timeout "$LIMIT" /usr/bin/time -f '%U %S' -o "$OUT.time" java -Xmx400m -XX:+UseParallelGC -XX:TieredStopAtLevel=1 \
    -jar "$ROOT/dist/target/sightline.jar" export \
    --url "http://127.0.0.1:$PORT" --key "$KEY" --format jsonl -o "$OUT" > /dev/null
  seconds=$(since "$t0")
  server_cpu=$(echo "$(cpu) - $before" | bc)
  cli_cpu=$(awk '{print $1 + $2}' "$OUT.time")
  spans=$(grep -o '"spanId":' "$OUT" | wc -l)
  echo "export: round=$round lines=$(wc -l < "$OUT") spans=$spans bytes=$(stat -c %s "$OUT")" \
    "seconds=$(printf %.2f "$seconds") spans_per_s=$(awk -v n="$spans" -v s="$seconds" 'BEGIN {printf "%.0f", n / s}')" \
    "server_cpu_s=$server_cpu cli_cpu_s=$cli_cpu load=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$RESULTS"
done
echo "summary: median over $ROUNDS runs, peak server RSS $(peak_rss)"
sed -n 's/.* spans_per_s=\([0-9]*\).*/\1/p' "$RESULTS" | sort -n \
  | awk '{v[NR] = $1} END {printf "export spans/s %s\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
