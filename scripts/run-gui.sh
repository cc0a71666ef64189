#!/usr/bin/env bash
# Sets everything up, then opens Modescape (on SET when given, else on the demo
# set: scripts/run-gui.sh [SET]). Builds only what the window needs: the
# `modescape` target of the `release` preset (optimised, no tests, in
# build-release/); scripts/run-tests.sh builds the Debug tree with the tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
MODESCAPE_PRESET=release MODESCAPE_TARGETS=modescape "$root/scripts/setup.sh"
exe=$root/build-release/bin/modescape
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "no display: starting Modescape under Xvfb (nothing will be visible)" >&2
  exec xvfb-run -a -s "-screen 0 1600x1000x24" "$exe" gui "$@"
fi
exec "$exe" gui "$@"
