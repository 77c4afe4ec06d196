#!/usr/bin/env bash
# The long fuzz run (`make fuzz`): one AFL++ campaign per target of lens/fuzz, each seeded from
# tests/fuzz/seeds/<target>/ with the dictionary tests/fuzz/lens.dict. Every crash found is copied
# to tests/fuzz/crashes/<target>/ (named by its hash), where `cargo test -p lens-fuzz` replays it
# from then on; every hang is listed (in target/fuzz/out/<target>/default/hangs/). Exit status 1
# when a campaign found a crash or a hang.
#
#   tests/fuzz/run.sh BINARY           BINARY: lens-fuzz built by `make fuzz` (instrumented)
#   FUZZ_SECONDS=600                   how long each campaign runs
#   FUZZ_TARGETS="review-file mapping" which targets (all by default: `lens-fuzz --list`)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:?usage: tests/fuzz/run.sh LENS_FUZZ_BINARY}
seconds=${FUZZ_SECONDS:-600}
out=${FUZZ_OUT:-$root/target/fuzz/out}
targets=${FUZZ_TARGETS:-$("$bin" --list | awk '{print $1}')}

# Headless and unattended: no screen UI, no CPU governor or core_pattern checks (a container may
# not allow changing them), resume a campaign whose folder exists.
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_AUTORESUME=1
export AFL_TRY_AFFINITY=1

mkdir -p "$out"
found=0
printf '%-18s %10s %9s %8s %7s %6s\n' target execs "execs/s" corpus crashes hangs
shopt -s nullglob
for target in $targets; do
  log="$out/$target.log"
  if ! afl-fuzz -i "$root/tests/fuzz/seeds/$target" -o "$out/$target" -V "$seconds" -t 2000 \
      -x "$root/tests/fuzz/lens.dict" -- "$bin" "$target" >"$log" 2>&1; then
    echo "afl-fuzz did not run for $target; the end of $log:" >&2
    tail -n 25 "$log" >&2
    exit 2
  fi
  stats="$out/$target/default/fuzzer_stats"
  stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  printf '%-18s %10s %9s %8s %7s %6s\n' "$target" "$(stat execs_done)" "$(stat execs_per_sec)" \
    "$(stat corpus_count)" "$(stat saved_crashes)" "$(stat saved_hangs)"
  for crash in "$out/$target"/default/crashes/id:*; do
    dest="$root/tests/fuzz/crashes/$target/$(sha1sum "$crash" | cut -c1-16)"
    [ -e "$dest" ] && continue
    mkdir -p "$(dirname "$dest")"
    cp "$crash" "$dest"
    found=1
    echo "  new crash: $dest (reproduce: $bin $target $dest)"
  done
  # A resumed campaign moves the crashes and hangs of earlier runs aside (crashes.<date>): what
  # is in crashes/ and hangs/ is this run's.
  for hang in "$out/$target"/default/hangs/id:*; do
    found=1
    echo "  new hang: $hang (reproduce: $bin $target $hang)"
  done
done
exit "$found"
