#!/usr/bin/env bash
# Server benchmark: sustained durable ingest, then query latency over what was loaded, with the
# server's CPU time and resident memory. Loopback only; stops by itself.
#
#   bench/scripts/server-bench.sh [SPANS=2000000] [CLIENTS=8] [STORAGE=duckdb]
#
# Prints one "ingest:" line, the server's CPU seconds and peak RSS, and one "query:" line per query.
set -euo pipefail
SPANS=${1:-2000000}
CLIENTS=${2:-8}
STORAGE=${3:-duckdb}
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PORT=7699
KEY=bench-key-0123456789
DATA=$(mktemp -d /tmp/sightline-bench.XXXXXX)

cd "$ROOT"
mvn -q -B -ntp -pl dist,bench -am package -DskipTests
SIGHTLINE_API_KEY=$KEY java ${SIGHTLINE_JAVA_OPTS:--Xmx400m} -jar dist/target/sightline.jar serve \
  --port $PORT --data "$DATA" --storage "$STORAGE" > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done

cpu() { awk '{print ($14 + $15) / 100}' "/proc/$SERVER/stat"; }
peak_rss() { awk '/VmHWM/ {print $2 / 1024 " MiB"}' "/proc/$SERVER/status"; }

CP=bench/target/classes
# Warm the JIT so the measured run is steady state, then measure.
java -cp $CP dev.sightline.bench.IngestLoad --url http://127.0.0.1:$PORT --key $KEY \
  --clients "$CLIENTS" --seconds 15 --prefix ff > /dev/null
before=$(cpu)
java -cp $CP dev.sightline.bench.IngestLoad --url http://127.0.0.1:$PORT --key $KEY \
  --clients "$CLIENTS" --seconds 3600 --max-spans "$SPANS" --prefix 1 | tee "$DATA/ingest.txt"
after=$(cpu)
echo "server: cpu_seconds=$(echo "$after - $before" | bc) peak_rss=$(peak_rss)"
# Let the loader drain so queries see everything.
for _ in $(seq 300); do
  pending=$(curl -s "http://127.0.0.1:$PORT/health" | sed 's/.*"pendingRows":\([0-9]*\).*/\1/')
  [ "$pending" = "0" ] && break; sleep 1
done
traces=$(sed 's/.* traces=\([0-9]*\).*/\1/' "$DATA/ingest.txt")
java -cp $CP dev.sightline.bench.QueryLoad --url http://127.0.0.1:$PORT --key $KEY --prefix 1 \
  --traces "$traces" --requests 200
echo "server: peak_rss=$(peak_rss) data_dir=$(du -sh "$DATA" | cut -f1)"
