// Copying a tensor out of safetensors bytes.

#include "core/io/safetensors/SafetensorsTensorBytes.h"

// ivalue.h first: LibTorch 1.13's List.h needs IValue complete under clang -std=c++20.
#include <ATen/core/ivalue.h>

#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>
#include <cstring>

#include "core/common/Error.h"
#include "core/io/TorchDType.h"

namespace modescape::io {

at::Tensor tensorFromSafetensorsBytes(const TensorInfo& info, const char* data, std::size_t size,
                                      const std::string& path) {
    at::Tensor tensor = at::empty(info.shape, at::TensorOptions().dtype(toScalarType(info.dtype)));
    if (size == 0)
        return tensor;
    // Bytes other than 0 and 1 are not valid booleans for LibTorch.
    if (info.dtype == DType::Bool)
        for (std::size_t i = 0; i < size; ++i)
            if (static_cast<unsigned char>(data[i]) > 1)
                throw FormatError(path, "tensor '" + info.name + "' (BOOL) holds the byte " +
                                            std::to_string(static_cast<unsigned char>(data[i])) +
                                            " at element " + std::to_string(i) +
                                            "; booleans must be 0 or 1");
    std::memcpy(tensor.data_ptr(), data, size);
    return tensor;
}

}  // namespace modescape::io
