#!/usr/bin/env bash
# A store loaded once and queried many times: the query latency of a large store without loading it
# again for every run, and with the server restarted first, so that the background merges of the
# index segments the load just wrote do not run under the queries. Loopback only; stops by itself.
#
#   [JUDGED=1] bench/scripts/kept-store.sh load DIR [SPANS=10000000] [CLIENTS=16]
#       a fresh server on DIR (deleted first), 15 s of warm-up load, then IngestLoad until SPANS
#       acknowledged spans (prefix 1), until the backlog drains; prints the "ingest:" line, the
#       server's CPU seconds, VmHWM and RssAnon, and keeps DIR. With JUDGED=1, three evaluators
#       judge every generation as it is ingested (add_evaluators), so the store holds their scores
#   bench/scripts/kept-store.sh query DIR [ONLY] [REQUESTS=200]
#       a server on DIR, 20 s of rest, then QueryLoad over the traces the load made (the queries
#       whose name matches the regex ONLY; all by default); prints the "query:" lines and the
#       server's VmHWM, RssAnon and RssFile at the end
#
# The server is the shaded jar with the launcher's defaults (server-lib.sh), built on the first
# load; a query run uses the jar as it is.
set -euo pipefail
MODE=${1:?load or query}
source "$(dirname "$0")/server-lib.sh"
DATA=${2:?data directory}
PORT=$(free_port)
trap halt_server EXIT
memory() { grep -E "VmHWM|RssAnon|RssFile" "/proc/$SERVER/status" | tr -s ' \t' ' ' | tr '\n' ' '; echo; }
case "$MODE" in
  load)
    SPANS=${3:-10000000}
    build
    rm -rf "$DATA"; mkdir -p "$DATA"
    launch duckdb
    [ "${JUDGED:-0}" = 1 ] && add_evaluators
    ingest --format native --clients "${4:-16}" --seconds 15 --prefix ff > /dev/null
    before=$(cpu)
    ingest --format native --clients "${4:-16}" --seconds 7200 --max-spans "$SPANS" --prefix 1 | tee "$DATA/ingest.txt"
    for _ in $(seq 600); do [ "$(pending_rows)" = 0 ] && break; sleep 1; done
    echo "server: cpu_seconds=$(echo "$(cpu) - $before" | bc) $(memory)"
    ;;
  query)
    traces=$(sed 's/.* traces=\([0-9]*\).*/\1/' "$DATA/ingest.txt")
    launch duckdb
    sleep 20
    java -cp "$CP" dev.sightline.bench.QueryLoad --url "http://127.0.0.1:$PORT" --key $KEY --prefix 1 \
      --traces "$traces" --requests "${4:-200}" --only "${3:-}"
    echo "server: $(memory)"
    ;;
  *) echo "usage: kept-store.sh load|query DIR ..." >&2; exit 2 ;;
esac
