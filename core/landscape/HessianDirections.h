#pragma once
// Hessian eigenvectors as loss-landscape directions (`landscape --dirs
// hessian:I,J`, `hessian --directions FILE`): a flat eigenvector laid out
// over the member's tensors, optionally rescaled like random directions
// (filter or layer normalisation, docs/landscape.md), and the curvature of
// the loss along a direction, d' H d / d' d: the eigenvalue for an unscaled
// eigenvector, something else once the direction is rescaled. Internal to
// core (LibTorch types); the eigenvectors come from core/hessian's Lanczos.

#include <ATen/core/Tensor.h>

#include <vector>

#include "core/hessian/HessianOperator.h"
#include "core/landscape/LandscapeResult.h"
#include "core/model/ParameterSet.h"

namespace modescape::landscape {

// The flat vector's blocks as tensors named and shaped like the weights
// (float32, CPU). Normalization::None leaves it as it is; Filter and Layer
// rescale it against the weights with the landscape's rule, `ignore` saying
// what one-dimensional tensors (biases) become.
model::ParameterSet directionOf(const at::Tensor& flat,
                                const std::vector<hessian::ParameterBlock>& blocks,
                                const model::ParameterSet& weights, Normalization normalization,
                                IgnoreMode ignore = IgnoreMode::BiasBn);

// d' H d / d' d for a direction over the operator's tensors (absent ones 0).
double curvatureAlong(const hessian::HessianOperator& op, const model::ParameterSet& direction);

struct HessianPlane {
    model::ParameterSet x, y;                   // y empty in 1-D
    std::vector<DirectionCurvature> curvature;  // x's, then y's
};

// The directions of settings.eigenvectors (the first settings.dimensions of
// them) of the Hessian of the mean NLL at `center` over inputs / labels (the
// slice's split or subset), found by Lanczos (seeded with settings.seed, to
// a relative residual of 1e-8), normalised per settings.normalization, with
// each one's curvature (one more Hessian-vector product each). Reports
// progress and stops between products when the job is cancelled.
HessianPlane hessianPlane(const model::Model& model, const model::ParameterSet& center,
                          const at::Tensor& inputs, const at::Tensor& labels,
                          const LandscapeSettings& settings, const JobContext& job);

}  // namespace modescape::landscape
