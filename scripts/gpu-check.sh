#!/usr/bin/env bash
# Runs ON the GPU machine (the device tool), from the repository root, with
# .gpu-deps carried (made here by scripts/gpu-deps.sh): builds the GUI-less
# core against the pip LibTorch there, then runs the CUDA agreement check and
# the CUDA benchmarks. Logs go to $OUT (default /tmp/gpu-out).
set -uo pipefail
out=${OUT:-/tmp/gpu-out}
deps=$(realpath "${GPU_DEPS:-.gpu-deps}")
mkdir -p "$out" /usr/share/datasets/fashion-mnist
cp "$deps"/fashion-mnist/*.gz /usr/share/datasets/fashion-mnist/
nvidia-smi -L | tee "$out/gpu.txt"
torch_prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
common=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DMODESCAPE_GUI=OFF -DMODESCAPE_TESTS=OFF -DMODESCAPE_MPI=OFF
        -DMODESCAPE_BENCH=ON -DCMAKE_POLICY_VERSION_MINIMUM=3.5)
if ! cmake -S . -B build-gpu "${common[@]}" -DCMAKE_PREFIX_PATH="$torch_prefix;$deps" \
    >"$out/configure.log" 2>&1; then
  echo "pip LibTorch's CMake config failed (tail below); using scripts/gpu/TorchConfig.cmake"
  tail -15 "$out/configure.log"
  rm -rf build-gpu
  cmake -S . -B build-gpu "${common[@]}" -DCMAKE_PREFIX_PATH="$deps" \
    -DTorch_DIR="$deps/torch-shim" >"$out/configure.log" 2>&1 || { tail -40 "$out/configure.log"; exit 1; }
fi
targets=(gpu_check bench_landscape bench_forward bench_connect)
if ! ninja -C build-gpu -k 0 "${targets[@]}" >"$out/build.log" 2>&1; then
  grep -E "error" -A4 "$out/build.log" | head -120
  exit 1
fi
run() { echo "== $*"; timeout "${STEP_TIMEOUT:-240}" "$@" 2>&1; echo "== exit $?"; }
run build-gpu/bin/gpu_check | tee "$out/gpu_check.txt"
run build-gpu/bin/bench_landscape 51 21 cuda | tee "$out/bench_landscape_cuda.txt"
run build-gpu/bin/bench_forward 0.5 cuda | tee "$out/bench_forward_cuda.txt"
run build-gpu/bin/bench_connect 2 cuda | tee "$out/bench_connect_cuda.txt"
