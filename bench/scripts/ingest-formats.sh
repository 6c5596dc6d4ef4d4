#!/usr/bin/env bash
# Native against OTLP ingest throughput on one server build: ROUNDS rounds, each starting a fresh
# server per format (alternating which goes first), warming it up for 15 s with that format, then
# posting SPANS spans. Loopback only; stops by itself.
#
#   bench/scripts/ingest-formats.sh [SPANS=200000] [CLIENTS=8] [STORAGE=memory] [ROUNDS=3]
#
# Prints every run's "ingest:" line, then the median spans/s per format and the ratio otlp/native.
set -euo pipefail
SPANS=${1:-200000}
CLIENTS=${2:-8}
STORAGE=${3:-memory}
ROUNDS=${4:-3}
source "$(dirname "$0")/server-lib.sh"
# The memory backend keeps every row in the heap: the default 400 MB runs out before the warm-ups
# and SPANS of a run are in.
[ "$STORAGE" = memory ] && export SIGHTLINE_JAVA_OPTS=${SIGHTLINE_JAVA_OPTS:--Xmx3g}
RESULTS=$(mktemp /tmp/sightline-formats.XXXXXX)
trap 'stop_server; rm -f "$RESULTS"' EXIT

build
for round in $(seq "$ROUNDS"); do
  formats="native otlp"; [ $((round % 2)) = 0 ] && formats="otlp native"
  for format in $formats; do
    start_server "$STORAGE"
    ingest --format "$format" --clients "$CLIENTS" --seconds 15 --prefix ff > /dev/null
    ingest --format "$format" --clients "$CLIENTS" --seconds 3600 --max-spans "$SPANS" --prefix 1 \
      | tee -a "$RESULTS"
    stop_server
  done
done
median() {
  grep "format=$1 " "$RESULTS" | sed 's/.* spans_per_s=\([0-9]*\).*/\1/' | sort -n \
    | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
native=$(median native)
otlp=$(median otlp)
echo "median spans/s: storage=$STORAGE native=$native otlp=$otlp ratio_otlp_native=$(echo "scale=2; $otlp / $native" | bc)"
