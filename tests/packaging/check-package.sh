#!/usr/bin/env bash
# Packages the tree the test command has just built (the dev build's CPack
# configuration: no second build), unpacks the .deb into a throw-away root and
# checks it as a user would: the installed modescape answers --version with the
# build's version, reads a small set, writes a figure without a screen and
# writes nothing beside itself; the desktop entry, the AppStream metainfo, the
# MIME types and the man page pass their validators; the bash completion
# completes; lintian finds no error (its warnings are printed).
#
#   tests/packaging/check-package.sh SOURCE_DIR BUILD_DIR
# Exit 77 (CTest: skipped) only when a checking tool is not installed.
set -euo pipefail
src=$1 build=$2

declare -A tool_package=(
  [cpack]=cmake [dpkg-deb]=dpkg [dpkg-shlibdeps]=dpkg-dev [desktop-file-validate]=desktop-file-utils
  [appstreamcli]=appstream [update-mime-database]=shared-mime-info [man]=man-db
  [lintian]=lintian [xvfb-run]=xvfb [file]=file)
for tool in "${!tool_package[@]}"; do
  if ! command -v "$tool" > /dev/null; then
    echo "SKIPPED: $tool is not installed (Debian package ${tool_package[$tool]}," \
         "listed in packaging/debian-packages.txt; packaging/install-deps.sh installs it)"
    exit 77
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

version=$(cat "$build/generated/version/version.txt")
echo "== cpack (version $version)"
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/cpack" > "$tmp/cpack.log" 2>&1 \
  || { cat "$tmp/cpack.log"; fail "cpack failed"; }
deb=$tmp/cpack/modescape_${version}_amd64.deb
[ -f "$deb" ] || { ls "$tmp/cpack"; fail "no $(basename "$deb")"; }

echo "== control fields"
dpkg-deb --field "$deb" Package Version Architecture Depends
[ "$(dpkg-deb --field "$deb" Version)" = "$version" ] || fail "the package's version is not $version"
depends=$(dpkg-deb --field "$deb" Depends)
# Worked out from the binary's libraries (dpkg-shlibdeps), not written by hand.
for library in libqt6widgets6 libc6 libhdf5; do
  [[ $depends == *"$library"* ]] || fail "Depends lacks $library: $depends"
done

echo "== contents"
dpkg-deb --contents "$deb" | awk '{print $6}' > "$tmp/contents.txt"
for path in ./usr/bin/modescape \
            ./usr/share/applications/io.github.modescape.Modescape.desktop \
            ./usr/share/metainfo/io.github.modescape.Modescape.metainfo.xml \
            ./usr/share/mime/packages/modescape.xml \
            ./usr/share/icons/hicolor/scalable/apps/modescape.svg \
            ./usr/share/icons/hicolor/16x16/apps/modescape.png \
            ./usr/share/icons/hicolor/256x256/apps/modescape.png \
            ./usr/share/man/man1/modescape.1.gz \
            ./usr/share/bash-completion/completions/modescape \
            ./usr/share/doc/modescape/copyright ./usr/share/doc/modescape/README.md \
            ./usr/share/doc/modescape/docs/command-line.md; do
  grep -qxF "$path" "$tmp/contents.txt" || fail "the package lacks $path"
done
dpkg-deb --extract "$deb" "$tmp/root"
usr=$tmp/root/usr
file "$usr/share/icons/hicolor/16x16/apps/modescape.png" | grep -q "16 x 16" || fail "16 px icon"
file "$usr/share/icons/hicolor/256x256/apps/modescape.png" | grep -q "256 x 256" || fail "256 px icon"

echo "== the installed modescape"
# A fresh user: nothing of the developer's caches, settings or demo set.
export HOME=$tmp/home
unset XDG_CACHE_HOME XDG_DATA_HOME XDG_CONFIG_HOME
mkdir -p "$HOME"
touch "$tmp/before-running"
"$usr/bin/modescape" --version | tee "$tmp/version.txt"
grep -q "^modescape $version " "$tmp/version.txt" || fail "--version does not print $version"

set_dir=$tmp/set
mkdir -p "$set_dir"
cp "$src"/tests/fixtures/published/tabular-mlp-0-2/*.safetensors "$set_dir/"
cat > "$set_dir/modescape.json" <<JSON
{"model": {"builtin": "mlp", "args": {"widths": [6, 32, 5]}},
 "datasets": {"test": "npz:$src/tests/fixtures/published/tabular-test.npz,mean=400:-150:30:1200:5:-600,std=8:3:0.4:25:0.1:12"}}
JSON
"$usr/bin/modescape" info "$set_dir" --json > "$tmp/info.json" || fail "modescape info"
for member in version_0 version_1 version_2; do
  grep -q "$member.safetensors" "$tmp/info.json" || fail "info does not list $member"
done
LIBGL_ALWAYS_SOFTWARE=1 xvfb-run -a -s "-screen 0 1600x1000x24 +extension GLX" \
  "$usr/bin/modescape" --progress none calibrate "$set_dir" --figure "$tmp/reliability.png" \
  --size 640x480 > "$tmp/calibrate.txt" || fail "calibrate --figure"
file "$tmp/reliability.png" | grep -q "PNG image data, 640 x 480" \
  || fail "the figure is not a 640x480 PNG: $(file "$tmp/reliability.png")"
# Settings, caches and data go to the user's folders, never beside the program.
written=$(find "$tmp/root" -newer "$tmp/before-running" -print)
[ -z "$written" ] || fail "modescape wrote into its installation: $written"
[ -d "$HOME/.cache/modescape" ] || fail "no cache in \$HOME/.cache/modescape"

echo "== desktop entry, metainfo, MIME types"
desktop-file-validate "$usr/share/applications/io.github.modescape.Modescape.desktop"
appstreamcli validate --no-net "$usr/share/metainfo/io.github.modescape.Modescape.metainfo.xml"
mkdir -p "$tmp/mime/packages"
cp /usr/share/mime/packages/freedesktop.org.xml "$usr/share/mime/packages/modescape.xml" \
   "$tmp/mime/packages/"
update-mime-database "$tmp/mime" > /dev/null 2>&1 || fail "update-mime-database refused modescape.xml"
[ -f "$tmp/mime/application/x-modescape-session.xml" ] && [ -f "$tmp/mime/application/x-safetensors.xml" ] \
  || fail "the MIME types were not registered"

echo "== man page"
MANWIDTH=100 LC_ALL=C.UTF-8 man --warnings -l "$usr/share/man/man1/modescape.1.gz" \
  > "$tmp/man.txt" 2> "$tmp/man-warnings.txt"
[ ! -s "$tmp/man-warnings.txt" ] || { cat "$tmp/man-warnings.txt"; fail "man reports warnings"; }
for heading in NAME SYNOPSIS OPTIONS SUBCOMMANDS FILES "EXIT STATUS"; do
  grep -q "^$heading" "$tmp/man.txt" || fail "the man page has no $heading section"
done
grep -q "modescape landscape" "$tmp/man.txt" || fail "the man page lacks modescape landscape"
grep -q -- "--grid X0:X1:NX" "$tmp/man.txt" || fail "the man page lacks landscape's --grid"

echo "== bash completion"
# complete WORDS...: what the installed completion offers for the last word.
complete_words() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _modescape; echo "${COMPREPLY[*]}"' \
    _ "$usr/share/bash-completion/completions/modescape" "$@"
}
[ "$(complete_words modescape lands)" = landscape ] || fail "completion of 'modescape lands'"
[ "$(complete_words modescape landscape SET --gri)" = --grid ] || fail "completion of --gri"
[ "$(complete_words modescape --progress l)" = lines ] || fail "completion of --progress l"
[ "$(complete_words modescape session i)" = init ] || fail "completion of 'session i'"

echo "== lintian"
lintian --no-tag-display-limit "$deb" > "$tmp/lintian.txt" 2>&1 || true
cat "$tmp/lintian.txt"
if grep -q "^E: " "$tmp/lintian.txt"; then
  fail "lintian reports errors"
fi
echo "package OK: $(basename "$deb") ($(du -h "$deb" | cut -f1))"
