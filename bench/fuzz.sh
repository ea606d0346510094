#!/usr/bin/env bash
# Fuzzes the parsers (crates/core/tests/fuzz.rs): CASES generated inputs per target (default
# 1,000,000), in release mode, and prints each target's input and crash count.
# Usage: bench/fuzz.sh [CASES]
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-1000000}
start=$(date +%s)
SNOWPOST_FUZZ_CASES=$cases cargo test --release --locked -p snowpost-core --test fuzz -- \
  --nocapture --test-threads=2 2>&1 | tee /dev/stderr | grep -E '^fuzz ' | sort
echo "fuzz: $cases inputs per target in $(( $(date +%s) - start )) s"
