#pragma once
// What a checkpoint says about one tensor before its data is read.

#include <cstdint>
#include <string>
#include <vector>

namespace modescape::io {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

// "F32", "BF16", ... (the safetensors spelling).
const char* dtypeName(DType dtype);
// Bytes per element.
std::size_t dtypeSize(DType dtype);

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;

    std::int64_t numel() const;
};

// "[64, 3, 3, 3]"
std::string shapeToString(const std::vector<std::int64_t>& shape);

}  // namespace modescape::io
