#include "core/common/Version.h"

#include <torch/version.h>

#include <Eigen/Core>

namespace modescape {

std::string modescapeVersion() {
    return MODESCAPE_VERSION;
}

std::string libtorchVersion() {
    return TORCH_VERSION;
}

std::string eigenVersion() {
    return std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
           std::to_string(EIGEN_MINOR_VERSION);
}

}  // namespace modescape
