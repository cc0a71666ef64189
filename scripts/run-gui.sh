#!/usr/bin/env bash
# Sets everything up, then opens Modescape (on SET when given: scripts/run-gui.sh [SET]).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "no display: starting Modescape under Xvfb (nothing will be visible)" >&2
  exec xvfb-run -a -s "-screen 0 1600x1000x24" "$root/build/bin/modescape" gui "$@"
fi
exec "$root/build/bin/modescape" gui "$@"
