#include "core/jobs/Device.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include <thread>

#ifdef MODESCAPE_HAS_CUDA_DEVICE_NAME
#include <ATen/cuda/CUDAContext.h>
#endif

namespace modescape {

DeviceKind bestAvailableDevice() {
    return torch::cuda::is_available() ? DeviceKind::Cuda : DeviceKind::Cpu;
}

void useAllCpuCores() {
    const int cores = static_cast<int>(std::thread::hardware_concurrency());
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
