#pragma once
// SWAG (Maddox et al. 2019): from a trained solution, keep running SGD at a
// constant rate, collect one iterate per epoch, and fit a Gaussian with a
// diagonal plus low-rank covariance: mean, the diagonal of the second moment
// minus the squared mean, and the deviations of the last `rank` iterates.
// Samples: theta = mean + sqrt(diag / 2) z1 + D z2 / sqrt(2 (rank - 1)).

#include <cstdint>
#include <deque>

#include "core/sampling/Member.h"
#include "core/sampling/SgdTrainer.h"

namespace modescape::sampling {

struct SwagOptions {
    int collectEpochs = 20;  // epochs of constant-rate SGD, one iterate each
    int rank = 10;           // columns of the deviation matrix (K)
    int samples = 20;
    SgdOptions sgd;  // its learningRate is the constant SWAG rate
    std::uint64_t seed = 0;
};

// The fitted Gaussian over the flattened parameters (float64 for stable moments).
struct SwagPosterior {
    at::Tensor mean;        // [P]
    at::Tensor diagonal;    // [P], clamped at 0
    at::Tensor deviations;  // [K, P]
    std::int64_t iterates = 0;
};

// SWAG's moment collection on any parameter trajectory: fitSwag feeds it one
// SGD iterate per epoch; tests feed it a trajectory whose stationary
// covariance is known in closed form. Keeps only the last `rank` iterates.
class SwagMoments {
  public:
    explicit SwagMoments(int rank);
    void add(const at::Tensor& flatParameters);  // [P], any float type; kept as float64
    std::int64_t count() const { return count_; }
    // Throws InvalidArgument with fewer than `rank` iterates.
    SwagPosterior posterior() const;

  private:
    int rank_;
    std::int64_t count_ = 0;
    at::Tensor sum_, sumSquares_;
    std::deque<at::Tensor> last_;
};

SwagPosterior fitSwag(const model::Model& model, model::ParameterSet start,
                      const data::Dataset& train, const SwagOptions& options,
                      const JobContext& context, double progressFrom = 0.0,
                      double progressTo = 0.9);

// One draw for given standard normals z1 [P] and z2 [K] (or one per row of
// z1 [B, P] and z2 [B, K]): mean + sqrt(diagonal / 2) z1 + deviations' z2 /
// sqrt(2 (K - 1)), a Gaussian with covariance
// diag(diagonal) / 2 + deviations' deviations / (2 (K - 1)).
at::Tensor swagDraw(const SwagPosterior& posterior, const at::Tensor& z1, const at::Tensor& z2);

// Draws options.samples members from posterior, shaped like reference.
SamplerOutput sampleSwag(const SwagPosterior& posterior, const model::ParameterSet& reference,
                         const SwagOptions& options);

}  // namespace modescape::sampling
