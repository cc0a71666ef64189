#pragma once
// Writer of the safetensors format (see SafetensorsReader.h), used for every
// array Modescape writes. The file is written atomically (AtomicFile.h).

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace at {
class Tensor;
}

namespace modescape::io {

// Writes tensors, in the given order, with their own dtypes (F64 F32 F16 BF16
// I64 I32 I16 I8 U8 BOOL). Tensors may live on any device and need not be
// contiguous: they are copied to contiguous CPU memory first. The JSON header
// is padded with spaces to a multiple of 8 bytes so the data stays aligned.
// Throws InvalidArgument for an empty or duplicate name, a name "__metadata__"
// or an unsupported dtype (nothing is written then), IoError when the file
// cannot be written.
void writeSafetensors(const std::string& path,
                      const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

}  // namespace modescape::io
