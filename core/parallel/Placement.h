#pragma once
// Where a rank computes: its CUDA device and its CPU threads. The rules are
// pure functions (unit-tested without MPI or a GPU); placeThisRank() applies
// them to this process.

#include <optional>

namespace modescape::parallel {

// The CUDA device of the rank with this local rank (its index among the ranks
// on its node): local rank mod the node's device count, so each rank has its
// own GPU while there are enough; `chosen` (MODESCAPE_CUDA_DEVICE) overrides
// it. -1 when the node has no device.
int cudaDeviceFor(int localRank, int deviceCount, std::optional<int> chosen = std::nullopt);

// Intra-op threads of one rank. A rank the launcher bound to some cores
// (usableCores < machineCores) uses those; an unbound one shares the node's
// cores with the other ranks on it: machineCores / localRanks, at least 1.
int threadsPerRank(int usableCores, int machineCores, int localRanks);

// The cores of this machine listed in /proc/cpuinfo order (std::thread's
// count) and those this process may run on (its affinity set).
int machineCores();
int usableCores();

// CUDA devices this node has, counted without starting CUDA: the entries of
// CUDA_VISIBLE_DEVICES when set, else those of /proc/driver/nvidia/gpus.
int visibleCudaDevices();

// For a rank among localRanks on its node: sets its thread count and, with
// CUDA devices, CUDA_VISIBLE_DEVICES to its one device (before CUDA starts).
// Returns the CUDA device chosen (-1: none).
int placeThisRank(int localRank, int localRanks);

}  // namespace modescape::parallel
