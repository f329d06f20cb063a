#!/usr/bin/env bash
# Benchmarks the collector with a foreign WebSocket client: the npm "ws" package (version 8) with its DEFAULT
# options, driven by ws-load.js. Each scenario runs twice in the same run: against a trivial node ws server
# (the client's own ceiling) and against a collector (the distribution built in theia-launcher/target, naive
# store in a temporary directory, default configuration). Prints one JSON line per figure and the load average.
#
#   theia-bench/src/main/node/foreign-bench.sh [events] [live-seconds]
#
# A scenario whose figure is incomplete (events missing) prints it all the same; check "events"/"delivered".
#
# Environment: THEIA_SET="server.compression=event,find,live" passes settings to the collector (--set, comma
# separated lists as in docs/configuration.md, several separated by spaces); TRIVIAL_DEFLATE=1 makes the trivial
# server accept permessage-deflate too (compare like with like); JAVA_OPTS as for the launcher (default -Xms1g
# -Xmx1g); WS_DEFLATE=0 makes the client offer no compression; THEIA_HOME picks another distribution (to compare
# builds in one run).
# Needs node and npm (Debian's); installs ws@8 from the npm registry into theia-bench/target/node-ws once.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
events="${1:-200000}"
live_seconds="${2:-10}"
theia="${THEIA_HOME:-$(ls -d "$root"/theia-launcher/target/theia-*/ | head -1)}/bin/theia"
source "$here/bench-common.sh"

trivial_port="$(free_port)"
node "$here/ws-load.js" trivial "$trivial_port" > "$data/trivial.log" 2>&1 &
pids+=($!)
collector_port="$(free_port)"
sets=()
for setting in ${THEIA_SET:-}; do sets+=(--set "$setting"); done
JAVA_OPTS="${JAVA_OPTS:--Xms1g -Xmx1g}" "$theia" collect -H 127.0.0.1 -P "$collector_port" -d "$data/store" \
  "${sets[@]}" > "$data/collector.log" 2>&1 &
pids+=($!)
mkdir -p "$data/store"
wait_http "$trivial_port"
wait_http "$collector_port"

load() { echo "{\"load\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"at\": \"$(date -u +%H:%M:%S)\"}"; }
run() { # rounds, name, then the ws-load.js arguments after the base address; servers alternate
  local rounds="$1" scenario="$2"; shift 2
  for round in $(seq 1 "$rounds"); do
    for target in trivial collector; do
      local port="$trivial_port"; [ "$target" = collector ] && port="$collector_port"
      echo -n "{\"server\": \"$target\", \"round\": $round, \"result\": "
      node "$here/ws-load.js" "$scenario" "ws://127.0.0.1:$port" "$@" | tr -d '\n' || true
      echo "}"
    done
  done
}

load
# warm-up of the collector's JIT, not reported
node "$here/ws-load.js" ingest "ws://127.0.0.1:$collector_port" 50000 2 > /dev/null
node "$here/ws-load.js" ingest "ws://127.0.0.1:$trivial_port" 50000 2 > /dev/null
# ingest twice per server (the JIT warms up)
run 2 ingest "$events" 2
load
# /find: every event stored so far (warm-up + both ingests) on both servers, three rounds (the JIT warms up)
run 3 find "$((2 * events + 50000))" '{}'
load
run 1 live 10 1000 "$live_seconds"
load
