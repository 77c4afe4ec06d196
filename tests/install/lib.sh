# Shared by run.sh and measure.sh (sourced): the .deb to use, a scratch directory removed on
# exit, the re-entry under a private D-Bus session bus and Xvfb, and tauri-driver.

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
deb="${1:-$(ls -t "$target"/release/bundle/deb/*.deb 2>/dev/null | head -n 1 || true)}"
if [[ -z "$deb" || ! -f "$deb" ]]; then
  echo "$(basename "$0"): no .deb under $target/release/bundle/deb; build it with 'make package'" >&2
  exit 2
fi

# Re-enter under a private session bus (the single-instance handoff goes over D-Bus, as on a
# desktop) and Xvfb.
if [[ -z "${LENSBOARD_INSTALL_INNER:-}" ]]; then
  export LENSBOARD_INSTALL_INNER=1
  exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" "$0" "$deb"
fi

scratch="$(mktemp -d "${TMPDIR:-/tmp}/lensboard-install.XXXXXX")"
driver_pid=""
cleanup() {
  if [[ -n "$driver_pid" ]]; then
    # tauri-driver stops the WebKitWebDriver it started when it gets SIGTERM.
    kill "$driver_pid" 2>/dev/null || true
    wait "$driver_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

fail() {
  echo "$(basename "$0"): FAILED: $*" >&2
  exit 1
}

unpacked="$scratch/root"
dpkg-deb -x "$deb" "$unpacked"

# Starts tauri-driver on a free port (exported as E2E_DRIVER_PORT), with the app's own home so
# that recent files and autosaves stay in the scratch directory.
start_driver() {
  local driver_bin
  driver_bin="$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")"
  export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/home/.config" XDG_DATA_HOME="$scratch/home/.local/share"
  mkdir -p "$HOME"
  export WEBKIT_DISABLE_DMABUF_RENDERER=1 NO_AT_BRIDGE=1
  free_port() {
    node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
  }
  E2E_DRIVER_PORT="$(free_port)"
  export E2E_DRIVER_PORT
  "$driver_bin" --port "$E2E_DRIVER_PORT" --native-port "$(free_port)" \
    --native-driver /usr/bin/WebKitWebDriver >"$scratch/tauri-driver.log" 2>&1 &
  driver_pid=$!
}
