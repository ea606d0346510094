#!/usr/bin/env bash
# The seed's flow (a password-grant token request, then create an incident) against the
# sandbox, snowpost next to curl, alternated in one run so both see the same machine:
#   curl:            two curl processes, token then create (curl keeps no token, so every run
#                    asks for one);
#   snowpost create: one `snowpost table … create incident`, the token reused from the
#                    keychain as every call after the first does: what a user runs;
#   snowpost pair:   `snowpost token` (always a new token) then `snowpost table … create`.
# The ratio of each snowpost side to the curl run next to it is taken per pair (so a noisy
# moment hits both), and min/median/max of those ratios and of each side's time are printed,
# with the machine's load.
# Usage: bench/cli_vs_curl.sh [PAIRS]   (default 50; SNOWPOST_BIN=path skips the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-50}

source bench/common.sh
bench_setup "$0" "$@"
bench_session
sandbox
profile bench
body='{"short_description":"bench","urgency":"2","impact":"2"}'

curl_flow() {
  local token
  token=$(curl -sS -X POST "$url/oauth_token.do" \
    --data-urlencode grant_type=password --data-urlencode client_id=snowpost-sandbox \
    --data-urlencode client_secret=sandbox-secret --data-urlencode username=admin \
    --data-urlencode password=sandbox-password | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  curl -sS -o /dev/null -X POST "$url/api/now/table/incident" -H "Authorization: Bearer $token" \
    -H "Content-Type: application/json" -H "Accept: application/json" -d "$body"
}
snowpost_create() { "$bin" table bench create incident --data "$body" >/dev/null 2>&1; }
snowpost_pair() {
  "$bin" token bench >/dev/null 2>&1
  snowpost_create
}

# Nanoseconds `$@` takes.
timed() {
  local start
  start=$(date +%s%N)
  "$@"
  echo $(($(date +%s%N) - start))
}

for _ in 1 2 3; do curl_flow; snowpost_pair; done # warm-up: caches, the token in the keychain
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for _ in $(seq 1 "$n"); do
  echo "$(timed snowpost_create) $(timed curl_flow) $(timed snowpost_pair)"
done >"$work/pairs"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

awk -v n="$n" -v lb="$load_before" -v la="$load_after" -v cores="$(nproc)" '
  function stats(a, k, unit,   i, j, t, med) {
    for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    med = k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    return sprintf("min %6.2f%s  median %6.2f%s  max %6.2f%s", a[1], unit, med, unit, a[k], unit)
  }
  { k++; c[k] = $1 / 1e6; u[k] = $2 / 1e6; p[k] = $3 / 1e6; rc[k] = $1 / $2; rp[k] = $3 / $2 }
  END {
    printf "pairs: %d, alternated (snowpost create, curl, snowpost pair)\n", n
    printf "curl token + create:            %s\n", stats(u, k, " ms")
    printf "snowpost create (cached token): %s\n", stats(c, k, " ms")
    printf "snowpost token + create:        %s\n", stats(p, k, " ms")
    printf "ratio create/curl per pair:     %s\n", stats(rc, k, "x ")
    printf "ratio token+create/curl:        %s\n", stats(rp, k, "x ")
    printf "load (1/5/15 min): before %s, after %s, on %d cores\n", lb, la, cores
  }' "$work/pairs"
