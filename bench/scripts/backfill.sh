#!/usr/bin/env bash
# Backfill speed of deterministic evaluators: a fresh DuckDB server, SPANS spans of the synthetic LLM
# load (IngestLoad: 10 spans per trace, ~1 KB chat texts, half of the spans generations) ingested and
# stored, then for each kind (length, contains, pii, json-valid) and round a new evaluator on
# generations is created disabled and backfilled over the whole range (a first backfill: its scores
# are new rows; a second one of the same version replaces them, which costs more), each followed to its end
# through GET /api/evaluators/{name}/runs/{id}. Reports spans scanned per second (the issue's figure:
# every span of every trace read), evaluations per second, per run and the median per kind.
# With JUDGED=1, the spans are ingested with three deterministic evaluators on every generation
# (add_evaluators: length, contains, pii), so DuckDB keeps their verdicts packed in the span rows
# and the first backfill (length, round 1) moves them out to score rows as it stores its own.
# Loopback only; stops by itself (each backfill wait is bounded by LIMIT seconds).
#
#   [JUDGED=1] bench/scripts/backfill.sh [SPANS=1000000] [ROUNDS=3]
set -euo pipefail
SPANS=${1:-1000000}
ROUNDS=${2:-3}
LIMIT=${LIMIT:-600}
source "$(dirname "$0")/server-lib.sh"
RESULTS=$(mktemp /tmp/sightline-backfill.XXXXXX)
trap 'stop_server; rm -f "$RESULTS"' EXIT

api() { curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "$@"; }
json_field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p" <<< "$2"; }

build
start_server duckdb
[ "${JUDGED:-0}" = 1 ] && add_evaluators
ingest --format native --clients 8 --seconds 3600 --max-spans "$SPANS" --prefix 1 > /dev/null
while [ "$(pending_rows)" != 0 ]; do sleep 0.5; done
echo "settings: spans=$SPANS rounds=$ROUNDS judged_at_ingest=${JUDGED:-0} cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
declare -A CONFIG=([length]='{"max": 4000}' [contains]='{"values": ["I cannot", "as an AI"], "mode": "none"}'
  [pii]='{}' [json-valid]='{}')
for kind in length contains pii json-valid; do
  for round in $(seq "$ROUNDS"); do
    name="bf-$kind-$round"
    api -X POST "http://127.0.0.1:$PORT/api/evaluators" -d "{\"name\": \"$name\", \"kind\": \"$kind\", \
\"target\": \"generation\", \"enabled\": false, \"config\": ${CONFIG[$kind]}}" > /dev/null
    run=$(api -X POST "http://127.0.0.1:$PORT/api/evaluators/$name/run" -d '{"from": 0}')
    id=$(json_field runId "$run")
    deadline=$(( $(date +%s) + LIMIT ))
    while true; do
      state=$(api "http://127.0.0.1:$PORT/api/evaluators/$name/runs/$id")
      [ "$(json_field status "$state")" != running ] && break
      (( $(date +%s) < deadline )) || { echo "backfill $kind did not finish in ${LIMIT}s" >&2; exit 1; }
      sleep 0.2
    done
    scanned=$(json_field scanned "$state"); judged=$(json_field judged "$state")
    seconds=$(awk -v a="$(json_field startedAt "$state")" -v b="$(json_field finishedAt "$state")" 'BEGIN {printf "%.2f", (b - a) / 1e6}')
    echo "backfill: kind=$kind round=$round status=$(json_field status "$state") scanned=$scanned judged=$judged" \
      "errors=$(json_field errors "$state") seconds=$seconds" \
      "spans_per_s=$(awk -v n="$scanned" -v s="$seconds" 'BEGIN {printf "%.0f", n / s}')" \
      "judged_per_s=$(awk -v n="$judged" -v s="$seconds" 'BEGIN {printf "%.0f", n / s}')" | tee -a "$RESULTS"
    while [ "$(pending_rows)" != 0 ]; do sleep 0.2; done # its scores stored before the next run
  done
done
echo "summary: medians over $ROUNDS runs, $SPANS spans, peak RSS $(peak_rss)"
for kind in length contains pii json-valid; do
  grep "kind=$kind " "$RESULTS" | sed -n 's/.* spans_per_s=\([0-9]*\).*/\1/p' | sort -n \
    | awk -v k="$kind" '{v[NR] = $1} END {printf "%-10s spans/s %s\n", k, (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
done
