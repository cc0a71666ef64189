#pragma once
// LibTorch entry points: the predictions cache as tensors. Only this pair of
// files sees torch; everything else in core/calibration is plain C++.

#include <cstdint>
#include <vector>

#include "core/calibration/MemberProbabilities.h"

namespace at {
class Tensor;
}

namespace modescape::calibration {

// probabilities: [members, samples, classes] softmax outputs on any device.
// float32 and float64 are kept as they are; float16 and bfloat16 become float32.
// Throws ShapeMismatch for another rank and InvalidArgument for other dtypes or
// values that are not probabilities (see MemberProbabilities).
MemberProbabilities memberProbabilitiesFromTensor(const at::Tensor& probabilities);

// labels: [samples] of any integer dtype. Throws ShapeMismatch / InvalidArgument.
std::vector<std::int64_t> labelsFromTensor(const at::Tensor& labels);

}  // namespace modescape::calibration
