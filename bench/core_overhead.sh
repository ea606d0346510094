#!/usr/bin/env bash
# Core's overhead on one loopback Table API GET: criterion's median (p50) of raw reqwest, of
# core's HttpClient::send and of Workspace::send_table (what the CLI and app call), and what
# each adds over reqwest. The sandbox runs in-process; secrets go to a private keychain.
# Usage: bench/core_overhead.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${SNOWPOST_IN_KEYRING_SESSION:-}" ]; then
  scripts/deps
  exec scripts/with-keyring "$0" "$@"
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
flock /tmp/snowpost-cargo.lock nice -n 10 cargo bench --locked --workspace --bench core_overhead -- --noplot >&2
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

median_us() {
  sed -E 's/.*"median":\{"confidence_interval":\{[^}]*\},"point_estimate":([0-9.e+-]+).*/\1/' \
    "target/criterion/get_incident/$1/new/estimates.json" | awk '{ printf "%.1f", $1 / 1000 }'
}
raw=$(median_us reqwest)
http=$(median_us http_client)
ws=$(median_us workspace)
awk -v r="$raw" -v h="$http" -v w="$ws" -v lb="$load_before" -v la="$load_after" 'BEGIN {
  printf "p50 reqwest:                  %8.1f us\n", r
  printf "p50 HttpClient::send:         %8.1f us  (overhead %+.1f us)\n", h, h - r
  printf "p50 Workspace::send_table:    %8.1f us  (overhead %+.1f us)\n", w, w - r
  printf "load (1/5/15 min): before %s, after %s\n", lb, la
}'
