#!/usr/bin/env bash
# Installs the Debian packages, configures (once) and builds a CMake preset:
# `dev` unless MODESCAPE_PRESET names another (e.g. asan, release); all of it,
# or only the targets MODESCAPE_TARGETS names (e.g. modescape). Idempotent and
# quick when nothing changed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
packaging/install-deps.sh
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=1
preset=${MODESCAPE_PRESET:-dev}
binary_dir=build
[ "$preset" = dev ] || binary_dir=build-$preset
[ -f "$binary_dir/build.ninja" ] || cmake --preset "$preset"
# shellcheck disable=SC2086 # MODESCAPE_TARGETS is a list of words
cmake --build --preset "$preset" -j "$(nproc)" ${MODESCAPE_TARGETS:+--target $MODESCAPE_TARGETS}
