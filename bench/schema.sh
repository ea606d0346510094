#!/usr/bin/env bash
# The schema of `incident` loaded cold from the sandbox (sys_db_object, sys_dictionary and
# sys_choice over loopback) and from the SQLite cache: min / median / max over RUNS (default 50).
# Usage: bench/schema.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SNOWPOST_IN_KEYRING_SESSION:-}" ]; then
  scripts/deps
  cargo build --release --locked -p snowpost-e2e --example schema_load >&2
  exec scripts/with-keyring "$0" "$@"
fi
target/release/examples/schema_load "${1:-50}"
