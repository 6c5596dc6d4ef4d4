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

build() {
  (cd "$ROOT" && mvn -q -B -ntp -pl dist,bench -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/classpath.txt)
  CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"
}

# start_server STORAGE: a fresh server, waited for until /health answers. Its OTLP/gRPC port is off:
# a fixed default port would collide with another benchmark's server, and gRPC is not measured.
start_server() {
  DATA=$(mktemp -d /tmp/sightline-bench.XXXXXX)
  PORT=$(free_port)
  # As the launcher does (see ./sightline).
  MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} SIGHTLINE_API_KEY=$KEY SIGHTLINE_OTLP_GRPC_PORT=off java ${SIGHTLINE_JAVA_OPTS:--Xmx400m -XX:+UseParallelGC} \
    -jar "$ROOT/dist/target/sightline.jar" serve --port $PORT --data "$DATA" --storage "$1" > "$DATA/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do
    kill -0 "$SERVER" 2>/dev/null || break
    curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && return
    sleep 0.2
  done
  echo "server did not start; log:" >&2; cat "$DATA/server.log" >&2; return 1
}

# stop_server: SIGTERM, then SIGKILL if the server is still there after 60 s, so a hung shutdown
# cannot hold a benchmark forever (nothing acknowledged is lost on kill -9).
stop_server() {
  [ -n "${SERVER:-}" ] || return 0
  kill "$SERVER" 2>/dev/null || true
  for _ in $(seq 600); do
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$DATA"
  SERVER=
}

cpu() { awk '{print ($14 + $15) / 100}' "/proc/$SERVER/stat"; }
peak_rss() { awk '/VmHWM/ {print $2 / 1024 " MiB"}' "/proc/$SERVER/status"; }

# ingest ARGS...: IngestLoad against the running server.
ingest() { java -cp "$CP" dev.sightline.bench.IngestLoad --url "http://127.0.0.1:$PORT" --key $KEY "$@"; }
