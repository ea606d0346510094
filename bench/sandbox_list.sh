#!/usr/bin/env bash
# The sandbox serving one large list (RECORDS incidents, default 72 000: about 60 MB of JSON)
# to curl over loopback, RUNS times (default 5): MB/s and time to first byte, min/median/max,
# with the machine's load next to them. curl only reads, so this is the sandbox's speed.
# Usage: bench/sandbox_list.sh [RUNS] [RECORDS]   (SNOWPOST_BIN=path skips the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
records=${2:-72000}

source bench/common.sh
bench_setup "$0" "$@"
bench_session
sandbox --seed "incident=$records"
token=$(curl -sS -X POST "$url/oauth_token.do" --data-urlencode grant_type=password \
  --data-urlencode client_id=snowpost-sandbox --data-urlencode client_secret=sandbox-secret \
  --data-urlencode username=admin --data-urlencode password=sandbox-password |
  sed -E 's/.*"access_token":"([^"]+)".*/\1/')

list="$url/api/now/table/incident?sysparm_limit=$records"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for _ in $(seq 1 "$runs"); do
  curl -sS -o /dev/null -H "Authorization: Bearer $token" \
    -w '%{http_code} %{size_download} %{time_starttransfer} %{time_total}\n' "$list"
done >"$work/runs"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
peak_kb=$(awk '/VmHWM/ { print $2 }' "/proc/${pids[0]}/status")

awk -v runs="$runs" -v records="$records" -v lb="$load_before" -v la="$load_after" -v peak="$peak_kb" '
  function stats(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return sprintf("min %8.1f  median %8.1f  max %8.1f", a[1], (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2), a[n])
  }
  $1 != 200 { bad++ }
  { n++; size = $2; mbs[n] = $2 / $4 / 1e6; ttfb[n] = $3 * 1000; total[n] = $4 * 1000 }
  END {
    printf "list: %d incidents, %.1f MB, %d runs (%d not 200)\n", records, size / 1e6, runs, bad
    printf "MB/s:               %s\n", stats(mbs, n)
    printf "first byte (ms):    %s\n", stats(ttfb, n)
    printf "whole list (ms):    %s\n", stats(total, n)
    printf "sandbox peak RSS:   %.0f MiB (seeded rows included)\n", peak / 1024
    printf "load (1/5/15 min):  before %s, after %s, on %d cores\n", lb, la, '"$(nproc)"'
  }' "$work/runs"
