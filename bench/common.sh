# Shared by the bench scripts, sourced from the repository root.

# Installs what the benches need, builds the release CLI (SNOWPOST_BIN=path skips that), and
# runs the calling script again inside a private keychain session: `bench_setup "$0" "$@"`.
bench_setup() {
  if [ -n "${SNOWPOST_IN_KEYRING_SESSION:-}" ]; then
    return
  fi
  scripts/deps
  command -v /usr/bin/time >/dev/null || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo; $sudo apt-get install -y -qq time >/dev/null; }
  [ -n "${SNOWPOST_BIN:-}" ] || cargo build --release --locked -p snowpost-cli >&2
  exec scripts/with-keyring "$@"
}

# Inside the session: sets $bin and a scratch $work (removed on exit, with every sandbox
# started) holding the data directory.
bench_session() {
  bin="${SNOWPOST_BIN:-$PWD/target/release/snowpost}"
  work=$(mktemp -d)
  export SNOWPOST_DATA_DIR="$work/data"
  pids=()
  trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
}

# Starts a sandbox with the given options; sets $url.
sandbox() {
  "$bin" sandbox "$@" >"$work/url" 2>/dev/null &
  pids+=($!)
  url=""
  for _ in $(seq 1 400); do url=$(head -n1 "$work/url"); [ -n "$url" ] && break; sleep 0.05; done
}

# A profile NAME on $url with both secrets set.
profile() {
  "$bin" profile add "$1" --instance "$url" --client-id snowpost-sandbox --username admin >/dev/null 2>&1
  printf %s sandbox-secret | "$bin" secret set "$1" client-secret 2>/dev/null
  printf %s sandbox-password | "$bin" secret set "$1" password 2>/dev/null
}
