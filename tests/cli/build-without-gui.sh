#!/usr/bin/env bash
# Configures and builds `modescape` with MODESCAPE_GUI=OFF while CMake is
# forbidden to find Qt or VTK (Debug, like the main build, so ccache serves the
# shared objects), then checks the binary answers --version and
# refuses to open a window.
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
set +e
"$build/bin/modescape" gui > /dev/null 2>&1
code=$?
set -e
[ "$code" -eq 2 ] || { echo "GUI-less 'modescape gui' exited $code, expected 2" >&2; exit 1; }
echo "GUI-less build OK"
