#!/usr/bin/env bash
# Peak RSS of `snowpost table … list` piped (the body streamed to stdout) as the list grows,
# next to the same call on a terminal (pretty-printed, so buffered), and curl's time for the
# same body. Usage: bench/stream_stdout.sh [RECORDS…]   (default: 10000 25000 45000 ≈ 7/17/31 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-10000 25000 45000}")
read -r -a sizes <<<"${sizes[*]}"

source bench/common.sh
bench_setup "$0" "$@"
bench_session
max=$(printf '%s\n' "${sizes[@]}" | sort -n | tail -1)
sandbox --seed "incident=$max"
profile bench
"$bin" token bench >/dev/null 2>&1
token=$(curl -sS -X POST "$url/oauth_token.do" --data-urlencode grant_type=password \
  --data-urlencode client_id=snowpost-sandbox --data-urlencode client_secret=sandbox-secret \
  --data-urlencode username=admin --data-urlencode password=sandbox-password |
  sed -E 's/.*"access_token":"([^"]+)".*/\1/')

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
printf '%-8s %8s %16s %10s %20s %10s\n' records body "piped peak RSS" "piped ms" "terminal peak RSS" "curl ms"
for n in "${sizes[@]}"; do
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$work/rss" "$bin" table bench list incident --limit "$n" >"$work/out.json" 2>/dev/null
  piped_ms=$(ms "$start")
  piped=$(cat "$work/rss")
  bytes=$(stat -c %s "$work/out.json")
  # A pseudo-terminal: the body is pretty-printed, which needs it whole.
  script -qec "/usr/bin/time -f %M -o $work/rss-tty $bin table bench list incident --limit $n" /dev/null >/dev/null 2>&1
  tty=$(cat "$work/rss-tty")
  start=$(date +%s%N)
  curl -sS -H "Authorization: Bearer $token" -H "Accept: application/json" \
    "$url/api/now/table/incident?sysparm_limit=$n" -o "$work/curl.json"
  curl_ms=$(ms "$start")
  cmp -s <(head -c 200 "$work/curl.json") <(head -c 200 "$work/out.json") || echo "warning: bodies differ" >&2
  awk -v n="$n" -v b="$bytes" -v p="$piped" -v pm="$piped_ms" -v t="$tty" -v c="$curl_ms" 'BEGIN {
    printf "%-8d %6.1f MB %12.1f MiB %10d %16.1f MiB %10d\n", n, b / 1048576, p / 1024, pm, t / 1024, c }'
done
