#!/usr/bin/env bash
# Gathers, into .gpu-deps/ (git-ignored), what the GPU machine lacks for the
# GUI-less build: Eigen, nlohmann-json and CLI11 headers with their CMake
# configs, zlib, the Fashion-MNIST files, and a minimal Torch CMake config for
# when the pip package's own config cannot be used there. Run here, then carry
# .gpu-deps to the device machine and run scripts/gpu-check.sh there.
set -euo pipefail
cd "$(dirname "$0")/.."
deps=.gpu-deps
rm -rf "$deps"
mkdir -p "$deps"/{include,lib,share/cmake,fashion-mnist,torch-shim}
cp -r /usr/include/eigen3 "$deps/include/"
mkdir -p "$deps/share/eigen3" && cp -r /usr/share/eigen3/cmake "$deps/share/eigen3/"
cp -r /usr/include/nlohmann /usr/include/CLI "$deps/include/"
cp -r /usr/share/cmake/nlohmann_json /usr/share/cmake/CLI11 "$deps/share/cmake/"
cp /usr/include/zlib.h /usr/include/zconf.h "$deps/include/"
cp /usr/lib/x86_64-linux-gnu/libz.a "$deps/lib/"
cp /usr/share/datasets/fashion-mnist/*.gz "$deps/fashion-mnist/"
cp scripts/gpu/TorchConfig.cmake "$deps/torch-shim/"
du -sh "$deps"
