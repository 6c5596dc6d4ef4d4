#!/usr/bin/env bash
# Durable ingest on ClickHouse against DuckDB, side by side in one run, with the same load
# (IngestLoad: batches of 100 LLM-sized spans, CLIENTS connections on loopback):
#   duckdb  one server, embedded DuckDB (acknowledged once fsynced in its write-ahead log);
#   ch1     one server over one local ClickHouse node (acknowledged once ClickHouse has the rows);
#   ch2     two servers over the same ClickHouse node, sharing state and merge locks in PostgreSQL,
#           each taking half of the clients.
# ClickHouse, ZooKeeper and PostgreSQL come from deploy/loopback/cluster.sh (node 1 of its two is
# used, as a single node: no cluster tables). Per target: a fresh server (and a fresh ClickHouse
# database), WARMUP s of load, drain, SECONDS s measured, drain. ROUNDS rounds, order alternating.
# Prints a "run:" line per run and medians: spans/s, p99, CPU per span of the Sightline servers and
# of ClickHouse (both run on this machine's cores), and ClickHouse's bytes on disk per span (active
# parts of the run's database over every span it acknowledged, warm-up included; parts not merged yet).
#
#   bench/scripts/clickhouse-ingest.sh [SECONDS=30] [CLIENTS=16] [ROUNDS=3] [WARMUP=15]
set -euo pipefail
MEASURE=${1:-30}
CLIENTS=${2:-16}
ROUNDS=${3:-3}
WARMUP=${4:-15}
TARGETS=${TARGETS:-duckdb ch1 ch2}
source "$(dirname "$0")/server-lib.sh"
CLUSTER=$(mktemp -d /tmp/sightline-ch-bench.XXXXXX)
RESULTS="$CLUSTER/results.txt"
SERVERS=()
cleanup() {
  for s in "${SERVERS[@]}"; do kill -9 "${s%%:*}" 2>/dev/null || true; done
  stop_server
  "$ROOT/deploy/loopback/cluster.sh" stop "$CLUSTER" > /dev/null || true
  rm -rf "$CLUSTER"
}
trap cleanup EXIT

build
read -r CH PG < <("$ROOT/deploy/loopback/cluster.sh" start "$CLUSTER" \
  | sed -n 's/.*clickhouse1=\([^ ]*\).*postgres=\([^ ]*\).*/\1 \2/p')
CH_PID=$(cat "$CLUSTER/ch1/pid")
echo "settings: measured=${MEASURE}s warmup=${WARMUP}s clients=$CLIENTS rounds=$ROUNDS clickhouse=$CH" \
  "($(curl -s "$CH/?query=SELECT+version()")) postgres=$PG cores=$(nproc)"

proc_cpu() { awk '{print ($14 + $15) / 100}' "/proc/$1/stat"; }
ch_bytes() { curl -s "$CH/" --data-binary "SELECT sum(bytes_on_disk) FROM system.parts WHERE active AND database = '$1'"; }

# servers TARGET DB: starts the target's servers; sets SERVERS to "pid:port" entries.
servers() {
  SERVERS=()
  case $1 in
    duckdb) start_server duckdb; SERVERS=("$SERVER:$PORT") ;;
    ch1) start_server clickhouse --clickhouse-url "$CH" --clickhouse-database "$2"; SERVERS=("$SERVER:$PORT") ;;
    ch2)
      local n
      for n in a b; do
        start_server clickhouse --clickhouse-url "$CH" --clickhouse-database "$2" --state postgres --postgres-url "$PG" --postgres-user postgres
        SERVERS+=("$SERVER:$PORT")
        SERVER= # stop_server must not stop it: cleanup and stop_all do
      done ;;
  esac
}

stop_all() {
  local s
  for s in "${SERVERS[@]}"; do
    kill "${s%%:*}" 2>/dev/null || true
    while kill -0 "${s%%:*}" 2>/dev/null; do sleep 0.1; done
  done
  SERVERS=()
}

# load SECONDS PREFIX FIRST: IngestLoad against every server at once (clients split evenly); prints
# the summed acknowledged spans, spans/s and the worst p99.
load_all() {
  local per=$(( CLIENTS / ${#SERVERS[@]} )) s i=0 pids=() out
  for s in "${SERVERS[@]}"; do
    java -cp "$CP" dev.sightline.bench.IngestLoad --url "http://127.0.0.1:${s##*:}" --key $KEY --clients "$per" \
      --seconds "$1" --prefix "$2$i" --first-trace "$3" > "$CLUSTER/load.$i.txt" &
    pids+=($!); i=$((i + 1))
  done
  for p in "${pids[@]}"; do wait "$p"; done
  cat "$CLUSTER"/load.*.txt | awk '{for (i = 1; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]}
    acked += v["acked_spans"]; rate += v["spans_per_s"]; p = v["p99"] + 0; if (p > p99) p99 = p}
    END {printf "%d %.0f %.1f\n", acked, rate, p99}'
  rm -f "$CLUSTER"/load.*.txt
}

drain_all() {
  local s
  for s in "${SERVERS[@]}"; do
    for _ in $(seq 600); do
      [ "$(curl -s "http://127.0.0.1:${s##*:}/health" | sed -n 's/.*"pendingRows":\([0-9]*\).*/\1/p')" = 0 ] && break
      sleep 0.1
    done
  done
}

servers_cpu() { local s t=0; for s in "${SERVERS[@]}"; do t=$(echo "$t + $(proc_cpu "${s%%:*}")" | bc); done; echo "$t"; }

run() {
  local round=$1 target=$2 db="bench_${2}_$1" acked rate p99 s0 s1 c0 c1 bytes warm
  servers "$target" "$db"
  read -r warm _ < <(load_all "$WARMUP" ff 1000000000000)
  drain_all
  s0=$(servers_cpu); c0=$(proc_cpu "$CH_PID")
  read -r acked rate p99 < <(load_all "$MEASURE" 1 0)
  drain_all
  s1=$(servers_cpu); c1=$(proc_cpu "$CH_PID")
  bytes=$([ "$target" = duckdb ] && echo 0 || ch_bytes "$db")
  stop_all; stop_server
  echo "run: round=$round target=$target spans_per_s=$rate acked_spans=$acked p99_ms=$p99" \
    "sightline_cpu_us_per_span=$(awk -v a="$s0" -v b="$s1" -v n="$acked" 'BEGIN {printf "%.1f", (b - a) * 1e6 / n}')" \
    "clickhouse_cpu_us_per_span=$(awk -v a="$c0" -v b="$c1" -v n="$acked" 'BEGIN {printf "%.1f", (b - a) * 1e6 / n}')" \
    "clickhouse_bytes_per_span=$(awk -v b="$bytes" -v n="$((warm + acked))" 'BEGIN {printf "%.0f", b / n}')" \
    | tee -a "$RESULTS"
}

median() {
  grep "target=$1 " "$RESULTS" | sed -n "s/.* $2=\([0-9.]*\).*/\1/p" | sort -n \
    | awk '{v[NR] = $1} END {if (NR == 0) print "-"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

for round in $(seq "$ROUNDS"); do
  targets=$TARGETS; [ $(( round % 2 )) = 0 ] && targets=$(tr ' ' '\n' <<< "$TARGETS" | tac | paste -sd' ' -)
  for target in $targets; do run "$round" "$target"; done
done
echo
echo "summary: medians of $ROUNDS round(s), ${MEASURE}s measured after ${WARMUP}s warm-up, $CLIENTS clients"
printf '%-8s %10s %8s %22s %23s %16s\n' target spans/s p99_ms sightline_cpu_us/span clickhouse_cpu_us/span \
  ch_bytes/span
for target in $TARGETS; do
  printf '%-8s %10s %8s %22s %23s %16s\n' "$target" "$(median "$target" spans_per_s)" "$(median "$target" p99_ms)" \
    "$(median "$target" sightline_cpu_us_per_span)" "$(median "$target" clickhouse_cpu_us_per_span)" \
    "$(median "$target" clickhouse_bytes_per_span)"
done
