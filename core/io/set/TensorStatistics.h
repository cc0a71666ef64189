#pragma once
// Element statistics shared by the non-finite scan and the tensor summary.
// Internal to core/io/set (LibTorch in the signature).

#include <cstdint>

namespace at {
class Tensor;
}

namespace modescape::io {

bool isFloatingTensor(const at::Tensor& t);
// NaN, +Inf and -Inf elements; 0 for integer and bool tensors.
std::int64_t countNonFinite(const at::Tensor& t);
// sqrt(sum x^2) accumulated in double.
double l2Norm(const at::Tensor& t);

}  // namespace modescape::io
