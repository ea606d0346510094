#!/usr/bin/env bash
# Builds the release app and measures the response viewer on a ~50 MB list in the real window.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps
scripts/build-app --release
command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked --quiet
export PATH="$HOME/.cargo/bin:$PATH"
export TAURI_WEBVIEW_AUTOMATION=true  # release builds allow WebDriver only when asked
export SNOWPOST_APP="$PWD/target/release/snowpost-desktop"
export SNOWPOST_SANDBOX_SEED="incident=${1:-72000}"
export SNOWPOST_DATA_DIR=$(mktemp -d)
timeout 600 xvfb-run -a -s "-screen 0 1440x900x24" scripts/with-keyring node bench/viewer_50mb.mjs
