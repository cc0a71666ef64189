#include "core/jobs/Device.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include <sched.h>

#include <thread>

#ifdef MODESCAPE_HAS_CUDA_DEVICE_NAME
#include <ATen/cuda/CUDAContext.h>
#endif

namespace modescape {

DeviceKind bestAvailableDevice() {
    return torch::cuda::is_available() ? DeviceKind::Cuda : DeviceKind::Cpu;
}

namespace {

// The cores this process may run on: fewer than the machine has under
// taskset or a container's CPU set, where more threads would only contend.
int usableCores() {
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0)
        return CPU_COUNT(&allowed);
    return static_cast<int>(std::thread::hardware_concurrency());
}

}  // namespace

void useAllCpuCores() {
    const int cores = usableCores();
    if (cores > at::get_num_threads())
        at::set_num_threads(cores);
}

void useExactFloat32() {
    at::globalContext().setAllowTF32CuBLAS(false);
    at::globalContext().setAllowTF32CuDNN(false);
}

std::string describeDevice(DeviceKind kind) {
    if (kind == DeviceKind::Cuda) {
#ifdef MODESCAPE_HAS_CUDA_DEVICE_NAME
        return std::string("CUDA: ") + at::cuda::getCurrentDeviceProperties()->name;
#else
        return "CUDA (" + std::to_string(torch::cuda::device_count()) + " device(s))";
#endif
    }
    return "CPU (" + std::to_string(at::get_num_threads()) + " threads)";
}

}  // namespace modescape
