#!/usr/bin/env bash
# Sightline's durable ingest against Zipkin's in-memory ingest, side by side, on one machine, with
# the same generated spans and the same client (IngestLoad). Three targets, each on a fresh server
# on a free loopback port:
#   zipkin  Zipkin server 3.6.1 (exec jar from Maven Central), STORAGE_TYPE=mem, Zipkin v2 JSON
#           posted to /api/v2/spans; it answers 202 once the spans are decoded and queued for its
#           in-memory store (not stored yet, nothing on disk);
#   native  Sightline (dist/target/sightline.jar, DuckDB storage, default settings), its JSON batch
#           API /api/ingest; a 200 means the batch is fsynced in the write-ahead log;
#   otlp    the same Sightline, OTLP/HTTP protobuf on /v1/traces;
#   native-eval  the native target with three deterministic evaluators (length, contains, pii) on
#           every generation, created through /api/evaluators before the warm-up (not run by
#           default: TARGETS="native native-eval" compares the two).
# Per target: warm-up, wait for storage to catch up, then the measured period; then how long the
# backlog takes to drain (Sightline: /health pendingRows back to 0; Zipkin: the spans of the last 50
# acknowledged traces readable by id). ROUNDS rounds, alternating the order of the targets.
# Loopback only; stops by itself: each run is bounded (server start <= 90 s, each drain wait
# <= DRAIN_LIMIT, each load <= its period + 120 s, else it keeps thread dumps and stops); a round
# takes about 3 x (WARMUP + SECONDS + 40 s) (server starts, client JVMs, drains), plus the build and
# the jar download once: about 15 minutes with the defaults.
#
#   bench/scripts/ingest-vs-zipkin.sh [SECONDS=45] [CLIENTS=16] [ROUNDS=3] [WARMUP=15]
#
# Environment (all optional):
#   TARGETS="zipkin native otlp"  the targets, in the order of odd rounds (even rounds reverse it)
#   SPANS_PER_BATCH=100   spans per request (10 traces of 10 spans)
#   DRAIN_LIMIT=30        seconds to wait for a backlog to drain before calling it not drained
#   ZIPKIN_MAX_RATE=60000 spans/s the Zipkin store is sized for (see below)
#   ZIPKIN_MAX_SPANS, ZIPKIN_HEAP (e.g. 8g): override that sizing
#   SIGHTLINE_JAVA_OPTS   Sightline's JVM options (server-lib.sh's default: -Xmx400m -XX:+UseParallelGC)
#   LOAD_ARGS             more IngestLoad options, e.g. "--trace-gap-micros 0" (every batch repeats its
#                         template's start times, as loads did before 2026-12-06)
#
# Zipkin's in-memory store evicts its oldest traces once it holds more than MEM_MAX_SPANS spans
# (default 500,000: about 12 s of this load), which would add eviction work to the measurement and
# is not what "in-memory ingest" means here. So MEM_MAX_SPANS is set to hold every span of a run,
# warm-up included: (WARMUP + SECONDS) x ZIPKIN_MAX_RATE, a ceiling above the 30-45k spans/s the
# design notes measured for Zipkin with this kind of load on 2 cores. Zipkin keeps about 3 KiB of
# heap per stored span of this load (measured: live heap after a full GC, 345k spans), so its heap
# is 4 KiB per span of that cap plus 512 MiB: room for the live spans and G1's headroom. With the
# defaults that is MEM_MAX_SPANS=3,600,000 and -Xmx14574m; -Xmx is a ceiling, the heap only grows
# as far as the spans need (the script warns if it exceeds the memory available). Each run checks
# that its acknowledged spans stayed under the cap, i.e. that nothing was evicted.
# Zipkin's other defaults are kept: sampling 1.0, no storage throttle, search indexing on.
#
# Prints a "run:" line per run and a summary table: medians of acknowledged spans/s, request
# latency p50/p99, server CPU per acknowledged span (/proc/PID/stat, measured from the start of
# the measured period to the end of its drain), peak RSS (VmHWM), drain time; and the ratios
# Sightline-native / Zipkin and Sightline-OTLP / Zipkin.
set -euo pipefail
MEASURE=${1:-45}
CLIENTS=${2:-16}
ROUNDS=${3:-3}
WARMUP=${4:-15}
SPANS_PER_BATCH=${SPANS_PER_BATCH:-100}
TARGETS=${TARGETS:-zipkin native otlp}
DRAIN_LIMIT=${DRAIN_LIMIT:-30}
ZIPKIN_VERSION=3.6.1
ZIPKIN_MAX_RATE=${ZIPKIN_MAX_RATE:-60000}
ZIPKIN_MAX_SPANS=${ZIPKIN_MAX_SPANS:-$(( (WARMUP + MEASURE) * ZIPKIN_MAX_RATE ))}
ZIPKIN_HEAP=${ZIPKIN_HEAP:-$(( ZIPKIN_MAX_SPANS * 4 / 1024 + 512 ))m}
# Warm-up traces are numbered from here, so their ids differ from the measured ones in the low 64
# bits too: Zipkin's in-memory store indexes traces by the low 64 bits of the id only.
WARM_FIRST=1000000000000
source "$(dirname "$0")/server-lib.sh"
ZIPKIN_JAR="$ROOT/bench/target/zipkin/zipkin-server-$ZIPKIN_VERSION-exec.jar"
RESULTS=$(mktemp /tmp/sightline-vs-zipkin.XXXXXX)
trap 'stop_server; rm -f "$RESULTS"' EXIT

# start_zipkin: a fresh in-memory Zipkin on 127.0.0.1:PORT only; sets SERVER, PORT, DATA (its log).
start_zipkin() {
  DATA=$(mktemp -d /tmp/zipkin-bench.XXXXXX)
  PORT=$(free_port)
  env STORAGE_TYPE=mem MEM_MAX_SPANS="$ZIPKIN_MAX_SPANS" QUERY_PORT="$PORT" \
    java -Xmx"$ZIPKIN_HEAP" -XX:+ExitOnOutOfMemoryError -jar "$ZIPKIN_JAR" \
    "--armeria.ports[0].ip=127.0.0.1" "--armeria.ports[0].port=$PORT" "--armeria.ports[0].protocols[0]=http" \
    > "$DATA/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 450); do
    kill -0 "$SERVER" 2>/dev/null || break
    curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && return
    sleep 0.2
  done
  echo "zipkin did not start; log:" >&2; cat "$DATA/server.log" >&2; return 1
}

# load ARGS...: IngestLoad against the running server, bounded in time: if it overruns its period by
# 120 s, thread dumps of the client and the server, /health and the server's log tail are kept in
# a directory under /tmp (printed), and the script stops.
load() {
  local out="$DATA/load.txt" pid limit dir rc=0
  java -cp "$CP" dev.sightline.bench.IngestLoad --url "http://127.0.0.1:$PORT" --key $KEY \
    --clients "$CLIENTS" --spans-per-batch "$SPANS_PER_BATCH" ${LOAD_ARGS:-} "$@" > "$out" &
  pid=$!
  limit=$(( $(date +%s) + MEASURE + WARMUP + 120 ))
  while kill -0 "$pid" 2>/dev/null && (( $(date +%s) < limit )); do sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    dir=$(mktemp -d /tmp/ingest-vs-zipkin-stuck.XXXXXX)
    jstack "$pid" > "$dir/client-threads.txt" 2>&1 || true
    jstack "$SERVER" > "$dir/server-threads.txt" 2>&1 || true
    curl -s --max-time 5 "http://127.0.0.1:$PORT/health" > "$dir/health.txt" 2>&1 || true
    tail -200 "$DATA/server.log" > "$dir/server-log-tail.txt" 2>/dev/null || true
    kill -9 "$pid" 2>/dev/null || true
    echo "IngestLoad $* did not finish in time; thread dumps and server log in $dir" >&2
    return 1
  fi
  wait "$pid" || rc=$?
  cat "$out"
  return $rc
}

# field NAME LINE: the value of NAME=value in an IngestLoad line.
field() { sed -n "s/.*[ {]$1=\([^ }]*\).*/\1/p" <<< "$2" | sed 's/ms$//'; }

# sightline_backlog: rows accepted and acknowledged but not yet in storage.
sightline_backlog() {
  curl -s --max-time 2 "http://127.0.0.1:$PORT/health" | sed -n 's/.*"pendingRows":\([0-9]*\).*/\1/p'
}

# zipkin_backlog PREFIX FIRST TRACES: of the last (up to) 50 traces a run acknowledged, how many spans
# are not yet readable by id. Zipkin answers before storing, on a FIFO executor, so when the last
# traces are readable the backlog is gone.
zipkin_backlog() {
  local prefix=$1 end=$(( $2 + $3 )) k=$(( $3 < 50 ? $3 : 50 )) ids="" n found
  for n in $(seq $(( end - k )) $(( end - 1 ))); do
    ids+="${ids:+,}$(printf '%08x%024x' "0x$prefix" "$n")"
  done
  found=$(curl -s --max-time 5 "http://127.0.0.1:$PORT/api/v2/traceMany?traceIds=$ids" | grep -o '"traceId"' | wc -l)
  echo $(( k * 10 - found ))   # 10 spans per trace (SyntheticBatch.SPANS_PER_TRACE)
}

# drain CHECK ARGS...: polls CHECK every 0.1 s until it prints 0; prints the first value it printed
# and the seconds from the start to the sending of the poll that found 0 (0.0 if the first did; a
# poll's own latency is not counted), or "not_drained" after DRAIN_LIMIT seconds.
drain() {
  local start sent first="" now
  start=$(date +%s.%N)
  while true; do
    sent=$(date +%s.%N)
    now=$("$@" || true)
    [ -z "$first" ] && first=${now:-unknown}
    [ "$now" = 0 ] && break
    if awk -v s="$start" -v n="$(date +%s.%N)" -v l="$DRAIN_LIMIT" 'BEGIN {exit !(n - s > l)}'; then
      echo "$first not_drained"; return
    fi
    sleep 0.1
  done
  echo "$first $(awk -v s="$start" -v n="$sent" 'BEGIN {printf "%.1f", n - s}')"
}

# run ROUND TARGET: one fresh server, warm-up, drain, measured period, drain; appends a "run:" line.
run() {
  local round=$1 target=$2 format check warm line acked backlog drained cpu0 cpu1 rss load1 evicted=no
  if [ "$target" = zipkin ]; then
    start_zipkin; format=zipkin; check=zipkin_backlog
  else
    start_server duckdb; format=${target%-eval}; check=sightline_backlog
    [ "$target" = native-eval ] && add_evaluators
  fi
  warm=$(load --format "$format" --seconds "$WARMUP" --prefix ff --first-trace $WARM_FIRST)
  if [ "$target" = zipkin ]; then
    drain $check ff $WARM_FIRST "$(field traces "$warm")" > /dev/null
  else
    drain $check > /dev/null
  fi
  load1=$(cut -d' ' -f1 /proc/loadavg)
  cpu0=$(cpu)
  line=$(load --format "$format" --seconds "$MEASURE" --prefix 1 --first-trace 0)
  echo "  $target $line"
  if [ "$target" = zipkin ]; then
    read -r backlog drained < <(drain $check 1 0 "$(field traces "$line")")
    # The store evicts once it would hold more than MEM_MAX_SPANS spans.
    if (( $(field acked_spans "$warm") + $(field acked_spans "$line") > ZIPKIN_MAX_SPANS )); then
      evicted=yes
    fi
  else
    read -r backlog drained < <(drain $check)
  fi
  cpu1=$(cpu)
  rss=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$SERVER/status")
  stop_server
  acked=$(field acked_spans "$line")
  echo "run: round=$round target=$target spans_per_s=$(field spans_per_s "$line")" \
    "p50_ms=$(field p50 "$line") p99_ms=$(field p99 "$line") throttled_429=$(field throttled_429 "$line")" \
    "failed=$(field failed "$line") acked_spans=$acked" \
    "cpu_s=$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN {printf "%.1f", b - a}')" \
    "cpu_us_per_span=$(awk -v a="$cpu0" -v b="$cpu1" -v n="$acked" 'BEGIN {printf "%.1f", n ? (b - a) * 1e6 / n : 0}')" \
    "peak_rss_mib=$rss backlog_at_end=$backlog drain_s=$drained evicted=$evicted load1=$load1" \
    "body_bytes=$(field body_bytes "$line")" | tee -a "$RESULTS"
  if [ "$(field failed "$line")" != 0 ] || [ "$evicted" = yes ] || [ "$drained" = not_drained ]; then
    echo "WARNING: this run is not a clean measurement (failed requests, Zipkin eviction or no drain)" >&2
  fi
}

# median TARGET FIELD: the median of FIELD over TARGET's runs.
median() {
  grep "target=$1 " "$RESULTS" | sed -n "s/.* $2=\([0-9.]*\).*/\1/p" | sort -n \
    | awk '{v[NR] = $1} END {if (NR == 0) print "-"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
# runs TARGET FIELD: the values of FIELD over TARGET's runs, in run order.
runs() { grep "target=$1 " "$RESULTS" | sed -n "s/.* $2=\([^ ]*\).*/\1/p" | paste -sd' ' -; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 == 0) print "-"; else printf "%.2f", a / b}'; }

build
if [[ " $TARGETS " == *" zipkin "* ]] && [ ! -f "$ZIPKIN_JAR" ]; then
  (cd "$ROOT" && mvn -q -B -ntp -N dependency:copy -Dartifact=io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec \
    -DoutputDirectory="$ROOT/bench/target/zipkin")
fi
available=$(awk '/MemAvailable/ {printf "%.0f", $2 / 1024}' /proc/meminfo)
heap_mib=$(awk -v h="$ZIPKIN_HEAP" 'BEGIN {n = h + 0; u = tolower(substr(h, length(h)));
  printf "%d", (u == "g") ? n * 1024 : (u == "m") ? n : (u == "k") ? n / 1024 : n / 1048576}')
if (( heap_mib > available - 1024 )); then
  echo "WARNING: Zipkin's heap ceiling $ZIPKIN_HEAP is close to or above the ${available} MiB available;" \
    "it only fills if Zipkin reaches ZIPKIN_MAX_RATE=$ZIPKIN_MAX_RATE spans/s (lower it, or SECONDS, if it runs out)" >&2
fi
echo "settings: measured=${MEASURE}s warmup=${WARMUP}s clients=$CLIENTS spans/batch=$SPANS_PER_BATCH rounds=$ROUNDS" \
  "zipkin=$ZIPKIN_VERSION MEM_MAX_SPANS=$ZIPKIN_MAX_SPANS zipkin_heap=$ZIPKIN_HEAP" \
  "sightline_opts='${SIGHTLINE_JAVA_OPTS:--Xmx400m -XX:+UseParallelGC}' storage=duckdb cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
  targets=$TARGETS; [ $(( round % 2 )) = 0 ] && targets=$(tr ' ' '\n' <<< "$TARGETS" | tac | paste -sd' ' -)
  for target in $targets; do
    run "$round" "$target"
  done
done

echo
echo "summary: medians of $ROUNDS round(s), ${MEASURE}s measured after ${WARMUP}s warm-up, $CLIENTS clients," \
  "$SPANS_PER_BATCH spans/request; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-17s %10s %-26s %8s %8s %6s %11s %13s %9s\n' target spans/s "(runs)" p50_ms p99_ms 429s cpu_us/span \
  peak_rss_mib drain_s
for target in $TARGETS; do
  printf '%-17s %10s %-26s %8s %8s %6s %11s %13s %9s\n' \
    "$(case $target in zipkin) echo zipkin-mem;; *) echo "sightline-$target";; esac)" \
    "$(median $target spans_per_s)" "($(runs $target spans_per_s))" "$(median $target p50_ms)" \
    "$(median $target p99_ms)" "$(median $target throttled_429)" "$(median $target cpu_us_per_span)" \
    "$(median $target peak_rss_mib)" "$(runs $target drain_s)"
done
if [[ " $TARGETS " == *" native-eval "* ]]; then
  echo "ratio spans/s: native-eval/native=$(ratio "$(median native-eval spans_per_s)" "$(median native spans_per_s)")" \
    "cpu/span: native-eval/native=$(ratio "$(median native-eval cpu_us_per_span)" "$(median native cpu_us_per_span)")"
fi
[[ " $TARGETS " == *" zipkin "* ]] || exit 0
zipkin=$(median zipkin spans_per_s)
echo "ratio spans/s: sightline-native/zipkin=$(ratio "$(median native spans_per_s)" "$zipkin")" \
  "sightline-otlp/zipkin=$(ratio "$(median otlp spans_per_s)" "$zipkin")"
echo "ratio cpu/span: sightline-native/zipkin=$(ratio "$(median native cpu_us_per_span)" "$(median zipkin cpu_us_per_span)")" \
  "sightline-otlp/zipkin=$(ratio "$(median otlp cpu_us_per_span)" "$(median zipkin cpu_us_per_span)")"
