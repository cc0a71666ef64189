#!/usr/bin/env bash
# Sets everything up, then runs the whole test suite (GUI tests under Xvfb).
#
#   scripts/run-tests.sh [CTEST_ARGS...]             the dev preset: Debug, GUI, every test
#   scripts/run-tests.sh --sanitize [CTEST_ARGS...]  the asan preset: core, CLI and their
#                                                    tests built with AddressSanitizer + UBSan
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
preset=dev
if [ "${1:-}" = "--sanitize" ]; then
  preset=asan
  shift
fi
MODESCAPE_PRESET=$preset "$root/scripts/setup.sh"
cd "$root"
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=1
exec ctest --preset "$preset" --output-on-failure --no-tests=error "$@"
