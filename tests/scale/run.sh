#!/usr/bin/env bash
# Whole-process `lens check --format json` on large generated architectures (BENCHMARKS.md,
# "Scale"): wall time, CPU time and peak memory as /usr/bin/time reports them, three runs each.
#
#   tests/scale/run.sh            (after `cargo build --release -p lens --bin lens`; `make bench-scale`)
#   LENS=/path/to/lens tests/scale/run.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
lens="${LENS:-$target/release/lens}"
work="$target/scale"
mkdir -p "$work"

if [[ ! -x "$lens" ]]; then
  echo "scale: no lens binary at $lens; build it with 'cargo build --release -p lens --bin lens'" >&2
  exit 2
fi

# The files are generated once (they do not change unless the generator or the schema does).
make_file() {
  local name="$1"; shift
  if [[ ! -s "$work/$name.json" || "$here/generate.mjs" -nt "$work/$name.json" ]]; then
    node "$here/generate.mjs" "$@" > "$work/$name.json"
  fi
}
make_file 10k --components 10000
make_file 100k --components 100000
make_file chain-1m --chain --components 1000000

for name in 10k 100k chain-1m; do
  size=$(du -h "$work/$name.json" | cut -f1)
  for run in 1 2 3; do
    /usr/bin/time -f "$name ($size JSON) run $run: %e s wall, %U s user, %S s sys, %M KB peak RSS" \
      "$lens" check --format json --fail-on never "$work/$name.json" > "$work/$name.out.json" 2> "$work/$name.err" \
      || { echo "scale: lens check failed on $name:" >&2; cat "$work/$name.err" >&2; exit 1; }
    tail -1 "$work/$name.err"
  done
  findings=$(grep -c '"rule":' "$work/$name.out.json" || true)
  echo "$name: $findings findings, $(du -h "$work/$name.out.json" | cut -f1) of JSON"
done
