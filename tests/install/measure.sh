#!/usr/bin/env bash
# The package figures of BENCHMARKS.md (`make bench-package`, after `make package`): the .deb's
# size, launch → canvas painted (median of 5; without WebDriver by screen grabs, and under
# WebDriver for reference) and idle memory 5 s after start (PSS summed over
# the app and its WebKit processes), for the app unpacked from the .deb, under Xvfb and a private
# D-Bus session bus. See measure.mjs for the exact definitions.
#
#   tests/install/measure.sh [PATH/TO/lensboard_VERSION_amd64.deb]
set -euo pipefail

# shellcheck source=tests/install/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=tests/install/launch-frames.sh
source "$here/launch-frames.sh"

bytes="$(stat -c %s "$deb")"
echo "deb: $deb"
echo "deb size: $bytes bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.2f MiB", b / 1048576 }'))"
echo "installed size: $(dpkg-deb -f "$deb" Installed-Size) KiB"
for bin in lensboard lens; do
  echo "/usr/bin/$bin: $(stat -c %s "$unpacked/usr/bin/$bin") bytes"
done
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

start_driver
if ! node "$here/measure.mjs" "$unpacked/usr/bin/lensboard" "$root/tests/fixtures/architectures/support_assistant.json" "${RUNS:-5}"; then
  cat "$scratch/tauri-driver.log" >&2
  fail "the measurement"
fi

# Launch → canvas painted as a user sees it: the app started directly, the screen grabbed.
launch_frames "${RUNS:-5}" || fail "the launch measurement without WebDriver"
