#!/usr/bin/env bash
# Import of N records (default 10 000) into the sandbox: `snowpost table … import` next to a
# sequential curl loop of creates, then the import again against a Table API rate limit (and
# every 50th create answered 202 "not processed"). Prints records/s, retries and peak RSS, and
# checks the sandbox holds every record exactly once.
# Usage: bench/bulk_import.sh [RECORDS] [RATE_LIMIT, default 2000/1]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
limit=${2:-2000/1}

source bench/common.sh
bench_setup "$0" "$@"
bench_session
now() { date +%s%N; }

# How many distinct short_descriptions u_bulk holds on $url, by the sandbox's own list.
distinct() {
  "$bin" table "$1" list u_bulk --fields short_description --all --out "$work/check.ndjson" 2>/dev/null
  sort -u "$work/check.ndjson" | wc -l
}

seq 1 "$n" | awk '{printf "{\"short_description\":\"row %d\",\"urgency\":\"2\"}\n", $1}' >"$work/rows.ndjson"

# One import run: NAME, extra sandbox options…; prints a result line.
run() {
  local name=$1; shift
  sandbox "$@"
  profile "$name"
  rm -f "$work/rows.results.ndjson"
  local start; start=$(now)
  /usr/bin/time -f "%M" -o "$work/rss" "$bin" table "$name" import u_bulk --from "$work/rows.ndjson" 2>"$work/err" || true
  local ns=$(( $(now) - start ))
  local summary; summary=$(grep ' rows: ' "$work/err" | tail -n1)
  local once; once=$(distinct "$name")
  awk -v s="$ns" -v n="$n" -v rss="$(cat "$work/rss")" -v label="$name" -v once="$once" 'BEGIN {
    printf "%-22s %6.2f s  %7.0f records/s  peak RSS %.1f MiB  distinct records in sandbox: %d\n", label, s / 1e9, n / (s / 1e9), rss / 1024, once }'
  echo "  $summary"
  kill "${pids[-1]}" 2>/dev/null || true
}

echo "records: $n"
run snowpost
run "snowpost-limited" --rate-limit "table=$limit" --defer-writes 50

sandbox
token=$(curl -sS -X POST "$url/oauth_token.do" --data-urlencode grant_type=password \
  --data-urlencode client_id=snowpost-sandbox --data-urlencode client_secret=sandbox-secret \
  --data-urlencode username=admin --data-urlencode password=sandbox-password |
  sed -E 's/.*"access_token":"([^"]+)".*/\1/')
start=$(now)
while IFS= read -r row; do
  curl -sS -o /dev/null -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
    -H "X-no-response-body: true" -d "$row" "$url/api/now/table/u_bulk"
done <"$work/rows.ndjson"
c_ns=$(( $(now) - start ))
awk -v c="$c_ns" -v n="$n" 'BEGIN { printf "%-22s %6.2f s  %7.0f records/s\n", "curl loop (sequential)", c / 1e9, n / (c / 1e9) }'
