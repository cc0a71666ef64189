#pragma once
// Laplace approximation on the last linear layer with a diagonal generalised
// Gauss-Newton (GGN) precision. For logits z = W phi + b and softmax
// probabilities p, the GGN diagonal of W_cj is sum_n phi_nj^2 p_nc (1 - p_nc)
// (and of b_c, sum_n p_nc (1 - p_nc)); the posterior precision adds the prior
// precision 1 / prior_std^2. Samples: W ~ N(W_MAP, diag(1 / precision)).
//
// The features phi are read through the model itself, for any architecture:
// with the last layer's bias zeroed and its weight set to rows of the identity,
// the logits are the features, C of them per forward (exact, since the last
// layer is linear).

#include <cstdint>
#include <string>

#include "core/sampling/Member.h"

namespace modescape::model {
class Model;
}
namespace modescape::data {
struct Dataset;
}

namespace modescape::sampling {

struct LaplaceOptions {
    std::string
        weightName;  // e.g. "4.weight" (MLP) or "linear.weight"; bias = same prefix + ".bias"
    double priorStd = 1.0;
    int samples = 20;
    std::uint64_t seed = 0;
};

// The features phi [N, H] that feed the last linear layer.
at::Tensor lastLayerFeatures(const model::Model& model, const model::ParameterSet& weights,
                             const std::string& weightName, const at::Tensor& inputs);

// The diagonal posterior precision: GGN diagonal on train plus the prior
// precision, for the last layer's weight [C, H] and bias [C] (float64).
struct LastLayerPrecision {
    at::Tensor weight;
    at::Tensor bias;
};
LastLayerPrecision lastLayerPrecision(const model::Model& model, const model::ParameterSet& map,
                                      const data::Dataset& train, const LaplaceOptions& options);

// Draws options.samples members around map with the given diagonal precision.
SamplerOutput drawLastLayerLaplace(const model::ParameterSet& map,
                                   const LastLayerPrecision& precision,
                                   const LaplaceOptions& options);

// lastLayerPrecision then drawLastLayerLaplace.
SamplerOutput sampleLastLayerLaplace(const model::Model& model, const model::ParameterSet& map,
                                     const data::Dataset& train, const LaplaceOptions& options);

}  // namespace modescape::sampling
