#!/usr/bin/env bash
# Fetch-all of N sandbox records (default 100 000, 1000 a page): `snowpost table … --all` next to a
# sequential curl loop over the same pages. Prints records/s for both and snowpost's peak RSS.
# Usage: bench/fetch_all.sh [RECORDS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
page=1000

if [ -z "${SNOWPOST_IN_KEYRING_SESSION:-}" ]; then
  scripts/deps
  command -v /usr/bin/time >/dev/null || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo; $sudo apt-get install -y -qq time >/dev/null; }
  cargo build --release --locked -p snowpost-cli >&2
  exec scripts/with-keyring "$0" "$@"
fi

bin="$PWD/target/release/snowpost"
work=$(mktemp -d)
export SNOWPOST_DATA_DIR="$work/data"
"$bin" sandbox --seed "incident=$n" >"$work/url" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 200); do url=$(head -n1 "$work/url"); [ -n "$url" ] && break; sleep 0.05; done

"$bin" profile add bench --instance "$url" --client-id snowpost-sandbox --username admin >/dev/null 2>&1
printf %s sandbox-secret | "$bin" secret set bench client-secret 2>/dev/null
printf %s sandbox-password | "$bin" secret set bench password 2>/dev/null
"$bin" token bench >/dev/null 2>&1

now() { date +%s%N; }

start=$(now)
/usr/bin/time -f "%M" -o "$work/rss" "$bin" table bench list incident --limit $page --all --out "$work/snowpost.ndjson" 2>/dev/null
s_ns=$(( $(now) - start ))
s_rss=$(cat "$work/rss")
s_lines=$(wc -l <"$work/snowpost.ndjson")

token=$(curl -sS -X POST "$url/oauth_token.do" --data-urlencode grant_type=password \
  --data-urlencode client_id=snowpost-sandbox --data-urlencode client_secret=sandbox-secret \
  --data-urlencode username=admin --data-urlencode password=sandbox-password |
  sed -E 's/.*"access_token":"([^"]+)".*/\1/')
start=$(now)
for ((offset = 0; offset < n; offset += page)); do
  curl -sS -H "Authorization: Bearer $token" -H "Accept: application/json" \
    "$url/api/now/table/incident?sysparm_limit=$page&sysparm_offset=$offset" >>"$work/curl.json"
done
c_ns=$(( $(now) - start ))

awk -v n="$s_lines" -v s="$s_ns" -v c="$c_ns" -v rss="$s_rss" -v total="$n" 'BEGIN {
  printf "records: %d (snowpost wrote %d)\n", total, n
  printf "snowpost --all: %6.2f s  %8.0f records/s  peak RSS %.1f MiB\n", s / 1e9, n / (s / 1e9), rss / 1024
  printf "curl loop:      %6.2f s  %8.0f records/s\n", c / 1e9, total / (c / 1e9)
  printf "ratio snowpost/curl time: %.2f\n", s / c
}'
