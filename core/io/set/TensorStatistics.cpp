#include "core/io/set/TensorStatistics.h"

#include <ATen/ATen.h>

namespace modescape::io {

bool isFloatingTensor(const at::Tensor& t) {
    return at::isFloatingType(t.scalar_type());
}

std::int64_t countNonFinite(const at::Tensor& t) {
    if (!isFloatingTensor(t) || t.numel() == 0)
        return 0;
    // Half and bfloat16 are widened first: not every CPU kernel takes them.
    const at::Tensor wide = t.scalar_type() == at::kDouble ? t : t.to(at::kFloat);
    return at::logical_not(at::isfinite(wide)).sum().item<std::int64_t>();
}

double l2Norm(const at::Tensor& t) {
    if (t.numel() == 0)
        return 0.0;
    return t.to(at::kDouble).norm().item<double>();
}

}  // namespace modescape::io
