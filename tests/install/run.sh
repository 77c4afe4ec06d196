#!/usr/bin/env bash
# The install test of the .deb (`make install-test`, after `make package`):
#  - its metadata and contents (dpkg-deb -I / -c): both binaries, the desktop entry, every icon
#    size, the MIME type, the maintainer scripts, the Depends line;
#  - the desktop entry (desktop-file-validate; it opens files and claims the review type);
#  - the MIME type (well-formed XML, installed with update-mime-database into a scratch root,
#    where a review is recognised by its name and by its content, and a plain SQLite file is not);
#  - the unpacked `lens --version` and `lens` making the review files used below;
#  - the unpacked app under Xvfb and a private D-Bus session bus, through tauri-driver
#    (app-check.mjs): it opens a file given on the command line, takes a second launch's file,
#    and starts on the sample with an error dialog when the file is damaged.
#
#   tests/install/run.sh [PATH/TO/lensboard_VERSION_amd64.deb]
set -euo pipefail

# shellcheck source=tests/install/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ok() { echo "ok: $*"; }

echo "install-test: $deb ($(du -h "$deb" | cut -f1))"

# --- metadata and contents ---------------------------------------------------------------------
info="$(dpkg-deb -I "$deb")"
field() { dpkg-deb -f "$deb" "$1"; }
[[ "$(field Package)" == "lensboard" ]] || fail "package name is '$(field Package)'"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -n 1)"
[[ "$(field Version)" == "$version" ]] || fail "package version '$(field Version)' is not the workspace's $version"
depends="$(field Depends)"
for dep in libwebkit2gtk-4.1-0 libgtk-3-0; do
  [[ "$depends" == *"$dep"* ]] || fail "Depends lacks $dep: $depends"
done
for script in postinst postrm; do
  grep -q "^ .* $script " <<<"$info" || fail "no $script maintainer script"
done
ok "metadata: lensboard $version, Depends: $depends, postinst and postrm"

contents="$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./||')"
expected=(
  usr/bin/lensboard
  usr/bin/lens
  usr/share/applications/Lensboard.desktop
  usr/share/mime/packages/lensboard.xml
  usr/share/icons/hicolor/scalable/apps/lensboard.svg
)
for size in 16 24 32 48 64 128 256 512; do
  expected+=("usr/share/icons/hicolor/${size}x${size}/apps/lensboard.png")
done
for file in "${expected[@]}"; do
  grep -qxF "$file" <<<"$contents" || fail "the package lacks /$file"
done
ok "contents: both binaries, desktop entry, MIME type, icons at 16–512 px and scalable"

# --- desktop entry -----------------------------------------------------------------------------
desktop="$unpacked/usr/share/applications/Lensboard.desktop"
desktop-file-validate "$desktop" || fail "desktop-file-validate rejects the desktop entry"
grep -qx 'Exec=lensboard %F' "$desktop" || fail "the desktop entry does not pass files: $(grep ^Exec= "$desktop")"
grep -qx 'MimeType=application/vnd.lensboard.review+sqlite;' "$desktop" \
  || fail "the desktop entry does not claim the review type: $(grep ^MimeType= "$desktop" || echo none)"
grep -qx 'Icon=lensboard' "$desktop" || fail "the desktop entry's icon is not the installed one"
ok "desktop entry: valid, Exec passes files (%F), MimeType is the review type"

# --- MIME type -------------------------------------------------------------------------------------
mime_xml="$unpacked/usr/share/mime/packages/lensboard.xml"
xmllint --noout "$mime_xml" || fail "the MIME XML is not well-formed"
mime="$scratch/mime/share"
mkdir -p "$mime/mime/packages"
cp /usr/share/mime/packages/freedesktop.org.xml "$mime_xml" "$mime/mime/packages/"
update-mime-database "$mime/mime" 2>/dev/null || fail "update-mime-database rejects the MIME XML"
grep -qx 'application/vnd.lensboard.review+sqlite:\*.lensboard' "$mime/mime/globs2" \
  || grep -q ':application/vnd.lensboard.review+sqlite:\*.lensboard' "$mime/mime/globs2" \
  || fail "update-mime-database did not register *.lensboard"
ok "MIME XML: well-formed, update-mime-database registers *.lensboard"

# --- the CLI -------------------------------------------------------------------------------------
lens="$unpacked/usr/bin/lens"
lens_version="$("$lens" --version)" || fail "lens --version failed"
[[ "$lens_version" == *"$version"* ]] || fail "lens --version says '$lens_version', not $version"
ok "unpacked lens --version: $lens_version"

work="$scratch/work"
mkdir -p "$work"
cp "$root/tests/fixtures/reference/agentic-rag-ungoverned.json" "$work/rag-ungoverned.json"
cp "$root/tests/fixtures/architectures/agentic_tools_loop.json" "$work/tools-loop.json"
cp "$root/tests/fixtures/architectures/support_assistant.json" "$work/sample.json"
for name in rag-ungoverned tools-loop; do
  "$lens" export "$work/$name.json" --to review --output "$work/$name.lensboard" \
    || fail "the unpacked lens could not make $name.lensboard"
done
printf 'SQLite format 3\0this review was cut short' >"$work/damaged.lensboard"
ok "unpacked lens export --to review makes the review files for the app"

# The CLI's exit codes come through the /usr/bin/lens script: 1 for open findings at or above
# --fail-on (the ungoverned reference has high ones), 0 without, 2 for a file it cannot read.
status=0
"$lens" check "$work/rag-ungoverned.lensboard" --fail-on high >/dev/null || status=$?
[[ $status == 1 ]] || fail "lens check --fail-on high exits $status on the ungoverned reference, not 1"
"$lens" check "$work/rag-ungoverned.lensboard" --fail-on never >/dev/null \
  || fail "lens check --fail-on never does not exit 0"
status=0
"$lens" check "$work/damaged.lensboard" >/dev/null 2>&1 || status=$?
[[ $status == 2 ]] || fail "lens check exits $status on a damaged file, not 2"
ok "unpacked lens check: exit codes 1, 0 and 2 as documented"

# The review type by name and by content (a review renamed to .db), and a plain SQLite file not.
cp "$work/rag-ungoverned.lensboard" "$work/renamed.db"
# A plain SQLite file: the header string, then zeros (application id 0).
{ printf 'SQLite format 3\0'; head -c 4080 /dev/zero; } >"$work/plain.db"
content_type() {
  XDG_DATA_HOME="$mime" XDG_DATA_DIRS="$mime" gio info -a standard::content-type "$1" \
    | sed -n 's/.*standard::content-type: //p'
}
[[ "$(content_type "$work/rag-ungoverned.lensboard")" == application/vnd.lensboard.review+sqlite ]] \
  || fail "a .lensboard file is $(content_type "$work/rag-ungoverned.lensboard")"
[[ "$(content_type "$work/renamed.db")" == application/vnd.lensboard.review+sqlite ]] \
  || fail "a review renamed to .db is $(content_type "$work/renamed.db"): the magic does not match"
[[ "$(content_type "$work/plain.db")" == application/vnd.sqlite3 ]] \
  || fail "a plain SQLite file is $(content_type "$work/plain.db")"
ok "MIME type: a review is recognised by name and by content; plain SQLite is not a review"

# --- the app ------------------------------------------------------------------------------------
start_driver
if ! node "$here/app-check.mjs" "$unpacked/usr/bin/lensboard" "$work"; then
  cat "$scratch/tauri-driver.log" >&2
  fail "the unpacked app"
fi
echo "install-test: all checks passed"
