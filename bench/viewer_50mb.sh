#!/usr/bin/env bash
# Builds the release app and measures the response viewer on a ~50 MB list in the real window:
# RUNS cold runs (default 5), each figure as min/median/max, with the machine's load.
# Usage: bench/viewer_50mb.sh [RUNS]   (SNOWPOST_BENCH_INCIDENTS: list size, default 72000;
# SNOWPOST_BENCH_VERBOSE=1 lists the IPC calls, SNOWPOST_BENCH_PROBE=1 the long tasks, per run)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps
scripts/build-app --release
command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked --quiet
export PATH="$HOME/.cargo/bin:$PATH"
export TAURI_WEBVIEW_AUTOMATION=true  # release builds allow WebDriver only when asked
export SNOWPOST_APP="$PWD/target/release/snowpost-desktop"
export SNOWPOST_SANDBOX_SEED="incident=${SNOWPOST_BENCH_INCIDENTS:-72000}"
export SNOWPOST_BENCH_RUNS="${1:-5}"
timeout $((120 + 90 * SNOWPOST_BENCH_RUNS)) xvfb-run -a -s "-screen 0 1440x900x24" \
  scripts/with-keyring node bench/viewer_50mb.mjs
