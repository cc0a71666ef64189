#include "core/common/Version.h"

#include <torch/version.h>

#include <Eigen/Core>

namespace modescape {
namespace {

// Written once, by main() before anything else runs; read afterwards.
std::string& stampedVersion() {
    static std::string version = MODESCAPE_VERSION;
    return version;
}

}  // namespace

std::string modescapeVersion() {
    return stampedVersion();
}

void stampModescapeVersion(const std::string& buildVersion) {
    if (!buildVersion.empty())
        stampedVersion() = buildVersion;
}

std::string libtorchVersion() {
    return TORCH_VERSION;
}

std::string eigenVersion() {
    return std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
           std::to_string(EIGEN_MINOR_VERSION);
}

}  // namespace modescape
