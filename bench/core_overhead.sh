#!/usr/bin/env bash
# Core's overhead on one loopback Table API GET: criterion's median (p50) of raw reqwest, of
# core's HttpClient::send and of Workspace::send_table (what the CLI and app call), and what
# each adds over reqwest, measured with each core call right after a raw one. The sandbox runs in-process; secrets go to a private keychain.
# Criterion runs the three one after the other, so a busy moment can hit one alone: the whole
# is run RUNS times (default 3) and min/median/max of the p50s and of the overheads printed.
# Usage: bench/core_overhead.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${SNOWPOST_IN_KEYRING_SESSION:-}" ]; then
  scripts/deps
  exec scripts/with-keyring "$0" "$@"
fi

runs=${1:-3}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
flock /tmp/snowpost-cargo.lock nice -n 10 cargo bench --locked --workspace --bench core_overhead --no-run >&2
median_us() {
  sed -E 's/.*"median":\{"confidence_interval":\{[^}]*\},"point_estimate":([0-9.e+-]+).*/\1/' \
    "target/criterion/get_incident/$1/new/estimates.json" | awk '{ printf "%.1f", $1 / 1000 }'
}
for _ in $(seq 1 "$runs"); do
  cargo bench --locked --workspace --bench core_overhead -- --noplot >&2
  echo "$(median_us reqwest) $(median_us http_client) $(median_us workspace)" \
    "$(median_us http_client_minus_reqwest) $(median_us workspace_minus_reqwest)"
done >"${TMPDIR:-/tmp}/core_overhead.$$"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

awk -v lb="$load_before" -v la="$load_after" '
  function stats(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return sprintf("min %7.1f  median %7.1f  max %7.1f us", a[1], (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2), a[n])
  }
  { n++; r[n] = $1; h[n] = $2; w[n] = $3; oh[n] = $4; ow[n] = $5 }
  END {
    printf "runs: %d (each: criterion median = p50 of one loopback GET)\n", n
    printf "p50 reqwest:                   %s\n", stats(r, n)
    printf "p50 HttpClient::send:          %s\n", stats(h, n)
    printf "p50 Workspace::send_table:     %s\n", stats(w, n)
    printf "overhead, alternated with reqwest (p50 of core minus raw):\n"
    printf "  HttpClient::send:            %s\n", stats(oh, n)
    printf "  Workspace::send_table:       %s\n", stats(ow, n)
    printf "load (1/5/15 min): before %s, after %s\n", lb, la
  }' "${TMPDIR:-/tmp}/core_overhead.$$"
rm -f "${TMPDIR:-/tmp}/core_overhead.$$"
