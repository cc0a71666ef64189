#pragma once
// Hessian eigenvectors as loss-landscape directions: a flat eigenvector laid
// out over the member's tensors (a direction file for `landscape --dirs
// file:FILE`), optionally rescaled like random directions (filter or layer
// normalisation, docs/landscape.md), and the curvature of the loss along a
// direction, d' H d / d' d, which is the eigenvalue for an unscaled
// eigenvector and differs from it once the direction is rescaled.

#include <ATen/core/Tensor.h>

#include <vector>

#include "core/hessian/HessianOperator.h"
#include "core/landscape/LandscapeSettings.h"
#include "core/model/ParameterSet.h"

namespace modescape::hessian {

// The flat vector's blocks as tensors named and shaped like the weights
// (float32, CPU). Normalization::None leaves it as it is; Filter and Layer
// rescale it against the weights with the landscape's rule, which also zeroes
// one-dimensional tensors (biases; IgnoreMode::BiasBn).
model::ParameterSet directionOf(const at::Tensor& flat, const std::vector<ParameterBlock>& blocks,
                                const model::ParameterSet& weights,
                                landscape::Normalization normalization);

// d' H d / d' d for a direction over the operator's tensors (absent ones 0).
double curvatureAlong(const HessianOperator& op, const model::ParameterSet& direction);

}  // namespace modescape::hessian
