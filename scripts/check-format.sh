#!/usr/bin/env bash
# Fails when a tracked C++ file differs from what clang-format (the style in
# .clang-format) would write. Run with --fix to reformat those files instead.
set -euo pipefail
cd "$(dirname "$0")/.."
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t files < <(git ls-files '*.cpp' '*.h')
else  # an exported tree: the sources, without build folders
    mapfile -t files < <(find app core ui tests bench fuzz -name '*.cpp' -o -name '*.h')
fi
if [[ "${1:-}" == "--fix" ]]; then
    clang-format -i "${files[@]}"
    exit 0
fi
if ! clang-format --dry-run -Werror "${files[@]}"; then
    echo "check-format: the files above are not clang-formatted; run scripts/check-format.sh --fix" >&2
    exit 1
fi
echo "check-format: ${#files[@]} files are clang-formatted"
