#pragma once
// Stochastic-gradient Langevin dynamics, plain or cyclical (Zhang et al. 2020,
// cSG-MCMC). Potential U(theta) = N * mean_batch CE + ||theta||^2 / (2 prior_std^2),
// update theta <- theta - eta grad U + sqrt(2 eta T) xi. Cyclical: the step
// size follows eta_k = eta_0 / 2 (cos(pi r_k) + 1), r_k the position in the
// cycle; the first `explorationFraction` of each cycle runs without noise and
// samples are taken from the end of each cycle. Plain SGLD (cycles = 1,
// explorationFraction = 0, constant rate) collects after burn-in.

#include <cstdint>

#include "core/sampling/Member.h"
#include "core/sampling/SgdTrainer.h"

namespace modescape::sampling {

struct SgMcmcOptions {
    bool cyclical = true;
    int cycles = 4;
    int epochsPerCycle = 50;
    double explorationFraction = 0.8;
    int burnInEpochs = 50;       // plain SGLD only
    int samples = 20;            // spread evenly over cycles (cyclical) or epochs (plain)
    double stepSize = 1e-4;      // eta_0, on the scale of U (i.e. per-datum rate / N)
    double temperature = 1.0;
    double priorStd = 1.0;
    std::int64_t batchSize = 128;
    std::uint64_t seed = 0;
};

SamplerOutput runSgMcmc(const model::Model& model, const model::ParameterSet& start,
                        const data::Dataset& train, const SgMcmcOptions& options, const JobContext& context,
                        double progressFrom = 0.0, double progressTo = 1.0);

}  // namespace modescape::sampling
