#!/usr/bin/env bash
# Peak RSS of `snowpost attachment … upload` and `… download` as the file grows: both stream
# (from disk as the request body, to disk from the answer), so memory should stay flat.
# The sandbox runs in its own process; its memory is not counted.
# Usage: bench/attachment.sh [MB…]   (default: 10 200)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-10 200}")
read -r -a sizes <<<"${sizes[*]}"

source bench/common.sh
bench_setup "$0" "$@"
bench_session
sandbox
profile bench
record=$("$bin" table bench create incident --data '{"short_description":"bench"}' 2>/dev/null |
  sed -E 's/.*"sys_id":"([0-9a-f]{32})".*/\1/')

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
printf '%-8s %18s %10s %20s %12s %s\n' size "upload peak RSS" "upload ms" "download peak RSS" "download ms" same
for mb in "${sizes[@]}"; do
  head -c "$((mb * 1048576))" /dev/urandom >"$work/in.bin"
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$work/rss-up" "$bin" attachment bench upload incident "$record" "$work/in.bin" >"$work/up.json" 2>/dev/null
  up_ms=$(ms "$start")
  id=$(sed -E 's/.*"sys_id":"([0-9a-f]{32})".*/\1/' "$work/up.json")
  rm -f "$work/out.bin"
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$work/rss-down" "$bin" attachment bench download "$id" --out "$work/out.bin" >/dev/null 2>&1
  down_ms=$(ms "$start")
  same=$(cmp -s "$work/in.bin" "$work/out.bin" && echo yes || echo NO)
  "$bin" attachment bench delete "$id" >/dev/null 2>&1
  awk -v mb="$mb" -v u="$(cat "$work/rss-up")" -v um="$up_ms" -v d="$(cat "$work/rss-down")" -v dm="$down_ms" -v s="$same" 'BEGIN {
    printf "%-5d MB %14.1f MiB %10d %16.1f MiB %12d %s\n", mb, u / 1024, um, d / 1024, dm, s }'
done
