#pragma once
#include <string>

namespace modescape {

// The version of Modescape: the CMake project version, or the build's full
// version (e.g. 0.1.0+git412.g9a42e5b, packaging/DescribeVersion.cmake) once the
// executable has stamped it. Only main() stamps it, so a commit relinks only the
// executable, not every test.
std::string modescapeVersion();
void stampModescapeVersion(const std::string& buildVersion);

std::string libtorchVersion();
std::string eigenVersion();

}  // namespace modescape
