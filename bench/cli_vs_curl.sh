#!/usr/bin/env bash
# Times `snowpost token` + `snowpost table create incident` against the sandbox, next to the
# same two calls made with curl, and prints the ratio.
# Usage: bench/cli_vs_curl.sh [ITERATIONS]   (default 50; needs a release build, made here)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-50}

if [ -z "${SNOWPOST_IN_KEYRING_SESSION:-}" ]; then
  scripts/deps
  cargo build --release --locked -p snowpost-cli >&2
  exec scripts/with-keyring "$0" "$@"
fi

bin="$PWD/target/release/snowpost"
export SNOWPOST_DATA_DIR=$(mktemp -d)
log=$(mktemp)
"$bin" sandbox >"$log" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$SNOWPOST_DATA_DIR" "$log"' EXIT
for _ in $(seq 1 100); do url=$(head -n1 "$log"); [ -n "$url" ] && break; sleep 0.05; done

"$bin" profile add bench --instance "$url" --client-id snowpost-sandbox --username admin >/dev/null 2>&1
printf %s sandbox-secret | "$bin" secret set bench client-secret 2>/dev/null
printf %s sandbox-password | "$bin" secret set bench password 2>/dev/null
body='{"short_description":"bench","urgency":"2","impact":"2"}'

now() { date +%s%N; }

snowpost_pair() {
  "$bin" token bench >/dev/null 2>&1
  "$bin" table bench create incident --data "$body" >/dev/null 2>&1
}

curl_pair() {
  local token
  token=$(curl -sS -X POST "$url/oauth_token.do" \
    --data-urlencode grant_type=password --data-urlencode client_id=snowpost-sandbox \
    --data-urlencode client_secret=sandbox-secret --data-urlencode username=admin \
    --data-urlencode password=sandbox-password | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  curl -sS -o /dev/null -X POST "$url/api/now/table/incident" -H "Authorization: Bearer $token" \
    -H "Content-Type: application/json" -H "Accept: application/json" -d "$body"
}

measure() {
  local f=$1 start end
  $f; $f # warm-up
  start=$(now)
  for _ in $(seq 1 "$n"); do $f; done
  end=$(now)
  echo $(( (end - start) / n / 1000 ))
}

s=$(measure snowpost_pair)
c=$(measure curl_pair)
printf 'iterations: %d (token + create incident each)\n' "$n"
printf 'snowpost: %6d us per pair\n' "$s"
printf 'curl:     %6d us per pair\n' "$c"
awk -v s="$s" -v c="$c" 'BEGIN { printf "ratio snowpost/curl: %.2f\n", s / c }'
