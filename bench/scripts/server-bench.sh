#!/usr/bin/env bash
# Server benchmark: sustained durable ingest, then query latency over what was loaded, with the
# server's CPU time and resident memory. Loopback only; stops by itself.
#
#   [RESTART=N] bench/scripts/server-bench.sh [SPANS=2000000] [CLIENTS=8] [STORAGE=duckdb] [FORMAT=native]
#
# FORMAT is native (POST /api/ingest), metadata (the same without input and output) or otlp
# (POST /v1/traces, protobuf).
# Prints one "ingest:" line, the server's CPU seconds and peak RSS, one "query:" line per query,
# and the bytes on disk per span.
# With RESTART=N it then restarts the server on the same data directory, port and JVM options, N
# times after a clean stop (SIGTERM) and N times after a crash (20,000 more spans, drained, then
# kill -9 while idle), and prints one "restart:" line each: the seconds the stop took, from starting
# the JVM to the first healthy /health answer (healthy_s) and to /health reporting pendingRows 0
# (drained_s: the write-ahead log tail replayed), the live heap after a full GC (jcmd GC.run, then
# jstat), the largest heap used before any collection of that launch (peak_heap, from its GC log,
# that full GC included; a lower bound on the true peak), the collections during start and their
# pause time, and the server's VmRSS (anonymous and file-backed) and VmHWM before the full GC.
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
  [ "$(pending_rows)" = 0 ] && break; sleep 1
done
traces=$(sed 's/.* traces=\([0-9]*\).*/\1/' "$DATA/ingest.txt")
java -cp "$CP" dev.sightline.bench.QueryLoad --url http://127.0.0.1:$PORT --key $KEY --prefix 1 \
  --traces "$traces" --requests 200 \
  || echo "query: QueryLoad stopped at the failed query above; the run goes on"
echo "server: peak_rss=$(peak_rss) data_dir=$(du -sh "$DATA" | cut -f1)"
# Bytes on disk per acknowledged span, by part (the write-ahead log apart: it is trimmed as it ages).
spans=$(sed 's/.* acked_spans=\([0-9]*\).*/\1/' "$DATA/ingest.txt")
for part in duckdb/sightline.duckdb duckdb/blocks duckdb/index wal; do
  bytes=$(du -sb "$DATA/$part" 2>/dev/null | cut -f1)
  echo "disk: $part bytes=${bytes:-0} per_span=$(( ${bytes:-0} / spans ))"
done

# restart SIGNAL: stops the server with SIGNAL, starts it again, prints its "restart:" line.
restart() {
  local t0 stop_s drained rss hwm anon file live peak gcs
  t0=$(date +%s.%N)
  halt_server "$1"
  stop_s=$(since "$t0")
  launch "$STORAGE"
  drained=$HEALTHY_S
  if [ "$(pending_rows)" != 0 ]; then
    for _ in $(seq 6000); do [ "$(pending_rows)" = 0 ] && break; sleep 0.1; done
    drained=$(since "$LAUNCHED")
  fi
  read -r rss hwm anon file < <(awk '{v[$1] = int($2 / 1024)}
    END {print v["VmRSS:"], v["VmHWM:"], v["RssAnon:"], v["RssFile:"]}' "/proc/$SERVER/status")
  jcmd "$SERVER" GC.run > /dev/null
  live=$(jstat -gc "$SERVER" | awk 'NR == 1 {for (i = 1; i <= NF; i++) c[$i] = i}
    NR == 2 {printf "%.0f", ($(c["S0U"]) + $(c["S1U"]) + $(c["EU"]) + $(c["OU"])) / 1024}')
  peak=$(grep -o '[0-9]*M->' "$GC_LOG" | tr -d 'M>-' | sort -n | tail -1)
  # The collections before the full one jcmd asked for, and their pauses.
  gcs=$(grep 'Pause' "$GC_LOG" | sed '$d' | awk '{sub(/ms$/, "", $NF); ms += $NF} END {printf "%d %.0f", NR, ms}')
  printf 'restart: signal=%s stop_s=%.2f healthy_s=%.2f drained_s=%.2f live_heap=%sMiB peak_heap=%sMiB gcs=%s gc_pause_ms=%s rss=%sMiB rss_anon=%sMiB rss_file=%sMiB hwm=%sMiB\n' \
    "$1" "$stop_s" "$HEALTHY_S" "$drained" "$live" "$peak" ${gcs% *} ${gcs#* } "$rss" "$anon" "$file" "$hwm"
}
for _ in $(seq "${RESTART:-0}"); do restart TERM; done
for round in $(seq "${RESTART:-0}"); do
  ingest --format "$FORMAT" --clients "$CLIENTS" --seconds 600 --max-spans 20000 --prefix $((round + 1)) > /dev/null
  for _ in $(seq 300); do [ "$(pending_rows)" = 0 ] && break; sleep 1; done
  restart KILL
done
