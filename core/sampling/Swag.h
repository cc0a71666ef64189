#pragma once
// SWAG (Maddox et al. 2019): from a trained solution, keep running SGD at a
// constant rate, collect one iterate per epoch, and fit a Gaussian with a
// diagonal plus low-rank covariance: mean, the diagonal of the second moment
// minus the squared mean, and the deviations of the last `rank` iterates.
// Samples: theta = mean + sqrt(diag / 2) z1 + D z2 / sqrt(2 (rank - 1)).

#include <cstdint>

#include "core/sampling/Member.h"
#include "core/sampling/SgdTrainer.h"

namespace modescape::sampling {

struct SwagOptions {
    int collectEpochs = 20;  // epochs of constant-rate SGD, one iterate each
    int rank = 10;           // columns of the deviation matrix (K)
    int samples = 20;
    SgdOptions sgd;          // its learningRate is the constant SWAG rate
    std::uint64_t seed = 0;
};

// The fitted Gaussian over the flattened parameters (float64 for stable moments).
struct SwagPosterior {
    at::Tensor mean;        // [P]
    at::Tensor diagonal;    // [P], clamped at 0
    at::Tensor deviations;  // [K, P]
    std::int64_t iterates = 0;
};

SwagPosterior fitSwag(const model::Model& model, model::ParameterSet start, const data::Dataset& train,
                      const SwagOptions& options, const JobContext& context, double progressFrom = 0.0,
                      double progressTo = 0.9);

// Draws options.samples members from posterior, shaped like reference.
SamplerOutput sampleSwag(const SwagPosterior& posterior, const model::ParameterSet& reference,
                         const SwagOptions& options);

}  // namespace modescape::sampling
