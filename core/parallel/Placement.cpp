#include "core/parallel/Placement.h"

#include <ATen/Parallel.h>

#include <sched.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "core/analysis/ParameterText.h"
#include "core/common/Log.h"

namespace modescape::parallel {

int cudaDeviceFor(int localRank, int deviceCount, std::optional<int> chosen) {
    if (deviceCount <= 0)
        return -1;
    if (chosen && *chosen >= 0 && *chosen < deviceCount)
        return *chosen;
    return std::max(localRank, 0) % deviceCount;
}

int threadsPerRank(int usableCores, int machineCores, int localRanks) {
    if (usableCores < machineCores)  // bound by the launcher: its cores are this rank's
        return std::max(usableCores, 1);
    return std::max(machineCores / std::max(localRanks, 1), 1);
}

int machineCores() {
    return std::max(static_cast<int>(std::thread::hardware_concurrency()), 1);
}

int usableCores() {
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0)
        return CPU_COUNT(&allowed);
    return machineCores();
}

int visibleCudaDevices() {
    if (const char* visible = std::getenv("CUDA_VISIBLE_DEVICES"))
        return static_cast<int>(analysis::splitOnCommas(visible).size());
    std::error_code error;
    int count = 0;
    for (std::filesystem::directory_iterator it("/proc/driver/nvidia/gpus", error), end;
         !error && it != end; it.increment(error))
        ++count;
    return count;
}

int placeThisRank(int localRank, int localRanks) {
    at::set_num_threads(threadsPerRank(usableCores(), machineCores(), localRanks));
    std::optional<int> chosen;
    if (const char* text = std::getenv("MODESCAPE_CUDA_DEVICE"))
        chosen = std::atoi(text);
    const int device = cudaDeviceFor(localRank, visibleCudaDevices(), chosen);
    if (device < 0)
        return device;
    // Renumber so that this rank sees its device alone, as device 0.
    std::string physical = std::to_string(device);
    if (const char* visible = std::getenv("CUDA_VISIBLE_DEVICES"))
        physical = analysis::splitOnCommas(visible).at(static_cast<std::size_t>(device));
    ::setenv("CUDA_VISIBLE_DEVICES", physical.c_str(), 1);
    log::debug("rank placed on CUDA device " + physical);
    return device;
}

}  // namespace modescape::parallel
