#!/bin/sh
# Builds every libFuzzer target (fuzz/CMakeLists.txt) with clang,
# AddressSanitizer and libFuzzer, then runs each for SECONDS seconds from its
# seed files, printing the number of executions and whether it crashed.
#
#   fuzz/run-fuzz.sh [SECONDS] [BUILD_DIR] [FUZZER_NAME...]
#
# SECONDS defaults to 60, BUILD_DIR to build-fuzz in the repository. Crashing
# inputs are written to BUILD_DIR/fuzz-artifacts/<fuzzer>/; the corpus each
# run grows is kept in BUILD_DIR/fuzz-corpus/<fuzzer>/ (seeds stay untouched).
# Needs the Debian packages clang and libclang-rt-14-dev. Exits non-zero if
# any fuzzer crashed.
set -eu

seconds=${1:-60}
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${2:-$repo/build-fuzz}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] && shift

mkdir -p "$build"
CC=clang CXX=clang++ cmake -S "$repo" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMODESCAPE_FUZZ=ON \
    -DMODESCAPE_GUI=OFF -DMODESCAPE_TESTS=OFF -DMODESCAPE_BENCH=OFF >"$build/configure.log" 2>&1 ||
    { cat "$build/configure.log"; exit 1; }

if [ $# -gt 0 ]; then
    names="$*"
else
    names=$(cd "$build/fuzzers" && ls *.txt | sed 's/\.txt$//')
fi
# shellcheck disable=SC2086
nice cmake --build "$build" --target $names -- -j"${FUZZ_BUILD_JOBS:-1}"

# LibTorch is not built with ASan: its startup trips the ODR and
# new/delete-mismatch checks in code we do not own.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_odr_violation=0:alloc_dealloc_mismatch=0:detect_leaks=1}"

failed=0
for name in $names; do
    spec="$build/fuzzers/$name.txt"
    exe=$(sed -n 1p "$spec")
    dict=$(sed -n 2p "$spec")
    seeds=$(sed -n '3,$p' "$spec" | while read -r d; do [ -d "$d" ] && printf '%s ' "$d"; done)
    corpus="$build/fuzz-corpus/$name"
    artifacts="$build/fuzz-artifacts/$name"
    mkdir -p "$corpus" "$artifacts"
    dictarg=""
    [ "$dict" != "-" ] && dictarg="-dict=$dict"
    log="$build/fuzz-$name.log"
    echo "== $name: ${seconds}s (log: $log)"
    # shellcheck disable=SC2086
    if "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" $dictarg "$corpus" $seeds \
        >"$log" 2>&1; then
        status="no crash"
    else
        status="CRASH (see $log and $artifacts/)"
        failed=1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    echo "   $name: ${runs:-?} executions, $status"
done
exit $failed
