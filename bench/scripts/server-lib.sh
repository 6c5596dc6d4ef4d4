# Sourced by the server benchmark scripts: builds the shaded server jar and the load generators'
# classpath once, starts a server on a fresh data directory on loopback, stops it. Sets ROOT, PORT,
# KEY and CP; start_server sets SERVER (pid) and DATA.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PORT=7699
KEY=bench-key-0123456789
CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt" 2>/dev/null || true)"

build() {
  (cd "$ROOT" && mvn -q -B -ntp -pl dist,bench -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/classpath.txt)
  CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"
}

# start_server STORAGE: a fresh server, waited for until /health answers.
start_server() {
  DATA=$(mktemp -d /tmp/sightline-bench.XXXXXX)
  SIGHTLINE_API_KEY=$KEY java ${SIGHTLINE_JAVA_OPTS:--Xmx512m} -jar "$ROOT/dist/target/sightline.jar" serve \
    --port $PORT --data "$DATA" --storage "$1" > "$DATA/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && return; sleep 0.2; done
  echo "server did not start; log:" >&2; cat "$DATA/server.log" >&2; return 1
}

stop_server() {
  [ -n "${SERVER:-}" ] || return 0
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$DATA"
  SERVER=
}

cpu() { awk '{print ($14 + $15) / 100}' "/proc/$SERVER/stat"; }
peak_rss() { awk '/VmHWM/ {print $2 / 1024 " MiB"}' "/proc/$SERVER/status"; }

# ingest ARGS...: IngestLoad against the running server.
ingest() { java -cp "$CP" dev.sightline.bench.IngestLoad --url "http://127.0.0.1:$PORT" --key $KEY "$@"; }
