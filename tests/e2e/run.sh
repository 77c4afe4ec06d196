#!/usr/bin/env bash
# Runs the end-to-end tests against the built debug app: a private X server (Xvfb), tauri-driver
# in front of WebKitWebDriver, then `node --test`. Both servers are stopped however this ends.
#
#   tests/e2e/run.sh                        (after `make build`; `make e2e` does both)
#   tests/e2e/run.sh --screenshot FILE      the README's screenshot instead of the tests
#   tests/e2e/run.sh --perf                 the canvas benchmark (perf.js) instead of the tests
#   LENSBOARD_APP=/abs/path/to/lensboard tests/e2e/run.sh   (LENS_BIN: the lens CLI, beside it by default)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export LENSBOARD_APP="${LENSBOARD_APP:-${CARGO_TARGET_DIR:-$root/target}/debug/lensboard}"
# The CLI beside the app: sharing.test.js merges reviews with the real `lens merge`.
export LENS_BIN="${LENS_BIN:-$(dirname "$LENSBOARD_APP")/lens}"
export E2E_ARTIFACTS="${E2E_ARTIFACTS:-$root/target/e2e}"
# Saves ~90 MB per run and avoids DMA-BUF paths that Xvfb has no use for.
export WEBKIT_DISABLE_DMABUF_RENDERER=1

if [[ ! -x "$LENSBOARD_APP" ]]; then
  echo "e2e: no app at $LENSBOARD_APP; build it first with 'make build'" >&2
  exit 2
fi
mkdir -p "$E2E_ARTIFACTS"

# Re-enter under xvfb-run, which starts Xvfb on a free display and stops it when we exit.
if [[ -z "${LENSBOARD_E2E_IN_XVFB:-}" ]]; then
  LENSBOARD_E2E_IN_XVFB=1 exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" "$0" "$@"
fi

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}
driver_bin="$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")"
export E2E_DRIVER_PORT="${E2E_DRIVER_PORT:-$(free_port)}"
native_port="$(free_port)"

"$driver_bin" --port "$E2E_DRIVER_PORT" --native-port "$native_port" \
  --native-driver /usr/bin/WebKitWebDriver >"$E2E_ARTIFACTS/tauri-driver.log" 2>&1 &
driver_pid=$!
stop_driver() {
  # tauri-driver stops the WebKitWebDriver it started when it gets SIGTERM.
  kill "$driver_pid" 2>/dev/null || true
  wait "$driver_pid" 2>/dev/null || true
}
trap stop_driver EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ "${1:-}" == "--screenshot" ]]; then
  E2E_SCREENSHOT="$(realpath -m "$2")" node "$here/screenshot.js"
  exit 0
fi
if [[ "${1:-}" == "--perf" ]]; then
  node "$here/perf.js"
  exit 0
fi

cd "$here"
node --test --test-concurrency=1 --test-reporter=spec "$@" app.test.js editor.test.js review.test.js questions.test.js presets.test.js sharing.test.js exchange.test.js
