#!/usr/bin/env bash
# The /live scenario of foreign-bench.sh alone, repeated, with one or more collector distributions side by side
# (A/B in one run): a trivial node ws broadcaster and each collector (naive store in a temporary directory, default
# configuration) are measured by the same ws-load.js client, in alternation, <rounds> times. Prints one JSON line per
# figure and the load average before each round.
#
#   theia-bench/src/main/node/live-bench.sh [rounds] [seconds] [distribution...]
#
# A distribution is a directory holding bin/theia (default: the one built in theia-launcher/target). Environment as
# for foreign-bench.sh (JAVA_OPTS, THEIA_SET, WS_DEFLATE, TRIVIAL_DEFLATE); SUBSCRIBERS (10), RATE (1000/s) and
# WARMUP (10 s of unmeasured /live per server before the first round).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
rounds="${1:-5}"
seconds="${2:-5}"
shift $(( $# < 2 ? $# : 2 ))
homes=("$@")
[ ${#homes[@]} -gt 0 ] || homes=("$(ls -d "$root"/theia-launcher/target/theia-*/ | head -1)")
source "$here/bench-common.sh"

names=(trivial)
ports=("$(free_port)")
node "$here/ws-load.js" trivial "${ports[0]}" > "$data/trivial.log" 2>&1 &
pids+=($!)
servers=($!)
sets=()
for setting in ${THEIA_SET:-}; do sets+=(--set "$setting"); done
for i in "${!homes[@]}"; do
  port="$(free_port)"
  mkdir -p "$data/store$i"
  JAVA_OPTS="${JAVA_OPTS:--Xms1g -Xmx1g}" "${homes[$i]%/}/bin/theia" collect -H 127.0.0.1 -P "$port" \
    -d "$data/store$i" "${sets[@]}" > "$data/collector$i.log" 2>&1 &
  pids+=($!)
  servers+=($!)
  names+=("${homes[$i]%/}")
  ports+=("$port")
done
for port in "${ports[@]}"; do wait_http "$port"; done

# a server's context switches (voluntary and not, all its threads) and CPU time in clock ticks, so far
counters() {
  local switches=0 n
  for n in $(cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ {print $2}'); do
    switches=$((switches + n))
  done
  echo "$switches $(awk '{print $14 + $15}' /proc/"$1"/stat)"
}
load() { echo "{\"load\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"at\": \"$(date -u +%H:%M:%S)\"}"; }
# warm-up of every server's JIT, not reported: WARMUP seconds (10) at the measured rate
for port in "${ports[@]}"; do
  node "$here/ws-load.js" live "ws://127.0.0.1:$port" "${SUBSCRIBERS:-10}" "${RATE:-1000}" "${WARMUP:-10}" > /dev/null || true
done
for round in $(seq 1 "$rounds"); do
  load
  for i in "${!ports[@]}"; do
    read -r switches ticks < <(counters "${servers[$i]}")
    echo -n "{\"server\": \"${names[$i]}\", \"round\": $round, \"result\": "
    node "$here/ws-load.js" live "ws://127.0.0.1:${ports[$i]}" "${SUBSCRIBERS:-10}" "${RATE:-1000}" "$seconds" \
      | tr -d '\n' || true
    read -r switches_after ticks_after < <(counters "${servers[$i]}")
    # the server's context switches per event pushed, and CPU ms per second of the run
    awk -v s=$((switches_after - switches)) -v t=$((ticks_after - ticks)) -v e=$((${RATE:-1000} * seconds)) \
      -v hz="$(getconf CLK_TCK)" -v secs="$seconds" \
      'BEGIN {printf ", \"switchesPerEvent\": %.2f, \"cpuMsPerSecond\": %d}\n", s / e, t * 1000 / hz / secs}'
  done
done | tee "$data/rounds.jsonl"
load
# per server: every round's p99, their median, and whether every event reached every subscriber in every round
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter((l) => l.includes("\"server\""))
    .map((l) => JSON.parse(l));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
for (const server of [...new Set(rows.map((r) => r.server))]) {
  const mine = rows.filter((r) => r.server === server).map((r) => r.result);
  console.log(JSON.stringify({ summary: server, p99ms: mine.map((r) => r.p99ms), medianP99ms: median(mine.map((r) => r.p99ms)),
    medianP50ms: median(mine.map((r) => r.p50ms)), allDelivered: mine.every((r) => r.delivered === r.expected),
    switchesPerEvent: median(rows.filter((r) => r.server === server).map((r) => r.switchesPerEvent)),
    cpuMsPerSecond: median(rows.filter((r) => r.server === server).map((r) => r.cpuMsPerSecond)) }));
}' "$data/rounds.jsonl"
