#!/usr/bin/env bash
# Installs the Debian packages, configures (once) and builds the `dev` preset.
# Idempotent and quick when nothing changed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
packaging/install-deps.sh
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=1
[ -f build/build.ninja ] || cmake --preset dev
cmake --build --preset dev -j "$(nproc)"
