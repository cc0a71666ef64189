#pragma once
#include <string>

namespace modescape {

std::string modescapeVersion();
std::string libtorchVersion();
std::string eigenVersion();

}  // namespace modescape
