#pragma once
// The compute device: CUDA when LibTorch sees one, else the CPU.

#include <string>

#include "core/jobs/Progress.h"

namespace modescape {

DeviceKind bestAvailableDevice();
// Uses every core this process may run on for intra-op parallelism: OpenMP
// here defaults to one thread.
void useAllCpuCores();
// Keeps float32 exact on CUDA: cuDNN would otherwise run convolutions in TF32,
// which differs from float32 by about 1e-3 relative, so GPU and CPU surfaces
// (and the naive and batched engines) would disagree.
void useExactFloat32();
// Human-readable, e.g. "CPU (2 threads)" or "CUDA: NVIDIA H100".
std::string describeDevice(DeviceKind kind);

}  // namespace modescape
