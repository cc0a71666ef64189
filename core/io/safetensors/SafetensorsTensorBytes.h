#pragma once
// One tensor made from its bytes as a safetensors data region stores them
// (little-endian, C order). Shared by the file reader and the reader of
// safetensors entries inside archives.

#include <cstddef>
#include <string>

#include "core/io/TensorInfo.h"

namespace at {
class Tensor;
}

namespace modescape::io {

// A new contiguous CPU tensor of info's dtype and shape holding a copy of
// size bytes at data (size must be the tensor's byte size). Throws
// FormatError naming path and the tensor when booleans are not 0 or 1.
at::Tensor tensorFromSafetensorsBytes(const TensorInfo& info, const char* data, std::size_t size,
                                      const std::string& path);

}  // namespace modescape::io
