#!/usr/bin/env bash
# N saved GETs (default 50) against the sandbox: `snowpost saved run` (one round trip each)
# next to `snowpost batch` (one Batch API call). Loopback has no latency, so this measures the
# client and sandbox cost; on a real instance each saved round trip adds its RTT as well.
# Usage: bench/batch.sh [N]   (SNOWPOST_BIN=path skips the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-50}

source bench/common.sh
bench_setup "$0" "$@"
bench_session
sandbox --seed "incident=1000"
profile bench
"$bin" token bench >/dev/null 2>&1
for i in $(seq 1 "$n"); do
  "$bin" saved save bench "get$i" GET "/api/now/table/incident?sysparm_limit=10&sysparm_offset=$((i * 10))" >/dev/null 2>&1
done

now() { date +%s%N; }
start=$(now)
"$bin" saved run bench >/dev/null 2>&1
run_ns=$(($(now) - start))
start=$(now)
"$bin" batch bench >"$work/batch.json" 2>/dev/null
batch_ns=$(($(now) - start))
served=$(grep -o '"status": *200' "$work/batch.json" | wc -l || true)

awk -v n="$n" -v r="$run_ns" -v b="$batch_ns" -v s="$served" 'BEGIN {
  printf "requests: %d (batch answered %d with 200)\n", n, s
  printf "saved run (one round trip each): %7.1f ms\n", r / 1e6
  printf "batch (one Batch API call):      %7.1f ms\n", b / 1e6
  printf "ratio batch/saved run: %.2f\n", b / r
}'
