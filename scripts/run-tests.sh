#!/usr/bin/env bash
# Sets everything up, then runs the whole test suite (GUI tests under Xvfb).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
cd "$root"
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=1
exec ctest --preset dev --output-on-failure --no-tests=error "$@"
