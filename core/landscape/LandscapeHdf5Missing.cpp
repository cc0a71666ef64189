// Stand-ins for builds without libhdf5: every HDF5 entry point says so.
#include "core/common/Error.h"
#include "core/landscape/Hdf5Directions.h"
#include "core/landscape/LandscapeHdf5.h"

namespace modescape::landscape {

namespace {
[[noreturn]] void missing(const std::string& path) {
    throw FormatError(
        path, "this build of Modescape has no HDF5 support (install libhdf5-dev and rebuild)");
}
}  // namespace

bool hdf5Available() {
    return false;
}
void writeLandscapeHdf5(const std::string& path, const LandscapeResult&) {
    missing(path);
}
LandscapeResult readLandscapeHdf5(const std::string& path) {
    missing(path);
}
std::vector<at::Tensor> readHdf5TensorList(const std::string& path, const std::string&) {
    missing(path);
}

}  // namespace modescape::landscape
