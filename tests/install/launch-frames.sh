# Launch → canvas painted without WebDriver (sourced by measure.sh, under its Xvfb and D-Bus):
# the unpacked app is started directly, as a double-click would, and the screen's canvas area is
# grabbed over and over (ImageMagick `import`, one grab every ~50 ms) for 4 s, then once more at
# 6 s when the window has long settled. The launch time of a run is the time, from just before
# the process is started, at which the first grab identical to the settled one was taken: the
# canvas as it stays, sample components drawn. Its resolution is one grab (~50 ms; the grabs take
# CPU from the app, so this errs on the slow side). WebDriver's automation session adds ~0.5 s
# before the page loads, which is why measure.mjs's launch figure is only kept for reference.
#
# Prints one line per run and the median; sets `frames_median_ms`.

# The canvas area of the 1280×800 window (the palette and the side panel left out).
frames_crop="700x500+230+150"

# The milliseconds since the epoch.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# One run: prints the launch time in ms, or fails when the settled canvas shows nothing.
launch_frames_run() {
  local run_dir="$1" home="$1/home" frames="$1/frames" t0 pid t last first f
  mkdir -p "$home" "$frames"
  t0="$(now_ms)"
  HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
    WEBKIT_DISABLE_DMABUF_RENDERER=1 "$unpacked/usr/bin/lensboard" >"$run_dir/app.log" 2>&1 &
  pid=$!
  while :; do
    t=$(( $(now_ms) - t0 ))
    (( t > 4000 )) && break
    import -window root -crop "$frames_crop" "$frames/$(printf %06d "$t").png" 2>/dev/null || true
  done
  sleep 2
  last="$run_dir/settled.png"
  import -window root -crop "$frames_crop" "$last"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # A blank window or canvas has a handful of colours; the drawn sample has hundreds.
  if (( $(convert "$last" -format %k info:) < 50 )); then
    echo "the settled canvas shows nothing (see $last)" >&2
    return 1
  fi
  first=""
  for f in "$frames"/*.png; do
    if [[ "$(compare -metric AE "$f" "$last" null: 2>&1)" == "0" ]]; then
      first="$(basename "$f" .png)"
      break
    fi
  done
  [[ -n "$first" ]] || { echo "the canvas had not settled within 4 s" >&2; return 1; }
  echo $(( 10#$first ))
}

launch_frames() {
  local runs="${1:-5}" i ms list=()
  # Let the WebDriver runs' processes go first.
  sleep 2
  for (( i = 1; i <= runs; i++ )); do
    ms="$(launch_frames_run "$scratch/frames-$i")" || return 1
    echo "{\"run\":$i,\"launchWithoutWebDriverMs\":$ms}"
    list+=("$ms")
  done
  frames_median_ms="$(printf '%s\n' "${list[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")"
  echo "{\"runs\":$runs,\"launchWithoutWebDriverMsMedian\":$frames_median_ms,\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
}
