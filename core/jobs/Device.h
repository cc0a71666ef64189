#pragma once
// The compute device: CUDA when LibTorch sees one, else the CPU.

#include <string>

#include "core/jobs/Progress.h"

namespace modescape {

DeviceKind bestAvailableDevice();
// Uses every core for intra-op parallelism: OpenMP here defaults to one thread.
void useAllCpuCores();
// Human-readable, e.g. "CPU (2 threads)" or "CUDA: NVIDIA H100".
std::string describeDevice(DeviceKind kind);

}  // namespace modescape
