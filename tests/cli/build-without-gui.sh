#!/usr/bin/env bash
# Configures and builds `modescape` with MODESCAPE_GUI=OFF while CMake is
# forbidden to find Qt or VTK (Debug, like the main build, so ccache serves the
# shared objects), then checks the binary answers --version, refuses to open a
# window, and keeps the exit codes of the full build: 2 for bad arguments, 1 for
# work that failed (one cheap invocation of each kind per family of command).
set -euo pipefail
src=$1 build=$2
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMODESCAPE_GUI=OFF \
      -DMODESCAPE_TESTS=OFF -DMODESCAPE_FORBID_GUI_PACKAGES=ON > "$build-configure.log" 2>&1 \
  || { cat "$build-configure.log"; exit 1; }
cmake --build "$build" --target modescape -j 2
"$build/bin/modescape" --version
# Only our own direct dependencies count: Debian's LibTorch itself pulls in Qt 5 libraries.
if readelf -d "$build/bin/modescape" | grep NEEDED | grep -Ei 'libQt6|libvtk'; then
  echo "the GUI-less modescape links Qt 6 or VTK" >&2; exit 1
fi
# expect CODE ARGS...: runs the GUI-less modescape and checks its exit code.
expect() {
  local want=$1; shift
  set +e
  "$build/bin/modescape" "$@" > /dev/null 2> "$build-stderr.txt"
  local code=$?
  set -e
  if [ "$code" -ne "$want" ]; then
    echo "GUI-less 'modescape $*' exited $code, expected $want:" >&2
    cat "$build-stderr.txt" >&2
    exit 1
  fi
}
empty=$(mktemp -d)
trap 'rm -rf "$empty" "$build-stderr.txt"' EXIT
expect 2 gui
expect 2 frobnicate
expect 2 info --no-such-option
expect 2 make-set
expect 2 landscape "$empty" --grid nonsense
expect 2 --progress sideways info "$empty"
expect 1 info "$empty"
expect 1 eval "$empty"
expect 1 make-set two-moons --out /proc/modescape-set
echo "GUI-less build OK"
