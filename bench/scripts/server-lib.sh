# Sourced by the server benchmark scripts: builds the shaded server jar and the load generators'
# classpath once, starts a server on a fresh data directory and a free loopback port, stops it.
# Sets ROOT, KEY and CP; start_server sets SERVER (pid), PORT and DATA.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# A port nobody listens on, so that two benchmarks on one machine never measure each other's server.
free_port() {
  for p in $(seq 7699 7799); do
    (echo > "/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  echo "no free port in 7699-7799" >&2; return 1
}
KEY=bench-key-0123456789
CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt" 2>/dev/null || true)"

# SKIP_BUILD=1: use the jar and classpath already built (e.g. to compare two checkouts side by side
# without rebuilding either between runs).
build() {
  [ -n "${SKIP_BUILD:-}" ] || (cd "$ROOT" && mvn -q -B -ntp -pl dist,bench -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/classpath.txt)
  CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"
}

# start_server STORAGE [SERVE-OPTIONS...]: a fresh server on a new data directory and a free port. Its OTLP/gRPC port is
# off: a fixed default port would collide with another benchmark's server, and gRPC is not measured.
start_server() {
  DATA=$(mktemp -d /tmp/sightline-bench.XXXXXX)
  PORT=$(free_port)
  launch "$@"
}

# launch STORAGE [SERVE-OPTIONS...]: starts the server on $DATA and $PORT (its log appended to $DATA/server.log, a GC log
# per launch in $GC_LOG) and waits until /health answers 200, for at most START_WAIT seconds (600).
# Sets SERVER (pid), LAUNCHED (the epoch time just before the JVM was started) and HEALTHY_S (seconds
# from then to the first healthy answer).
LAUNCHES=0
launch() {
  LAUNCHES=$((LAUNCHES + 1))
  GC_LOG="$DATA/gc.$LAUNCHES.log"
  LAUNCHED=$(date +%s.%N)
  # As the launcher does (see ./sightline).
  MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} SIGHTLINE_API_KEY=$KEY SIGHTLINE_OTLP_GRPC_PORT=off java ${SIGHTLINE_JAVA_OPTS:--Xmx400m -XX:+UseParallelGC} \
    -Xlog:gc:file="$GC_LOG" -jar "$ROOT/dist/target/sightline.jar" serve --port $PORT --data "$DATA" --storage "$1" "${@:2}" \
    >> "$DATA/server.log" 2>&1 &
  SERVER=$!
  disown "$SERVER" # no "Killed" notice from bash after a kill -9; halt_server polls instead of waiting
  local deadline=$(( $(date +%s) + ${START_WAIT:-600} ))
  while kill -0 "$SERVER" 2>/dev/null && (( $(date +%s) < deadline )); do
    if curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; then HEALTHY_S=$(since "$LAUNCHED"); return; fi
    sleep 0.1
  done
  echo "server did not start; log:" >&2; cat "$DATA/server.log" >&2; return 1
}

# halt_server [SIGNAL=TERM]: stops the server and keeps its data directory. After TERM it waits up to
# 60 s, then sends SIGKILL, so a hung shutdown cannot hold a benchmark forever (nothing acknowledged
# is lost on kill -9).
halt_server() {
  [ -n "${SERVER:-}" ] || return 0
  kill -"${1:-TERM}" "$SERVER" 2>/dev/null || true
  for _ in $(seq 600); do
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$SERVER" 2>/dev/null || true
  while kill -0 "$SERVER" 2>/dev/null; do sleep 0.1; done
  SERVER=
}

# stop_server: halt_server, then deletes the data directory.
stop_server() {
  halt_server
  [ -z "${DATA:-}" ] || rm -rf "$DATA"
}

since() { echo "$(date +%s.%N) - $1" | bc; }
pending_rows() { curl -s "http://127.0.0.1:$PORT/health" | sed -n 's/.*"pendingRows":\([0-9]*\).*/\1/p'; }
cpu() { awk '{print ($14 + $15) / 100}' "/proc/$SERVER/stat"; }
peak_rss() { awk '/VmHWM/ {print $2 / 1024 " MiB"}' "/proc/$SERVER/status"; }

# ingest ARGS...: IngestLoad against the running server.
ingest() { java -cp "$CP" dev.sightline.bench.IngestLoad --url "http://127.0.0.1:$PORT" --key $KEY "$@"; }

# add_evaluators: three deterministic evaluators on every generation of the running server's project.
add_evaluators() {
  local e
  for e in '{"name": "short-answer", "kind": "length", "target": "generation", "config": {"max": 4000}}' \
    '{"name": "no-refusal", "kind": "contains", "target": "generation", "config": {"values": ["I cannot", "as an AI"], "mode": "none"}}' \
    '{"name": "pii", "kind": "pii", "target": "generation"}'; do
    curl -sf -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      "http://127.0.0.1:$PORT/api/evaluators" -d "$e" > /dev/null
  done
}
