#pragma once
// Full-batch Hamiltonian Monte Carlo for small networks. Potential
// U(theta) = sum_n CE(x_n, y_n; theta) + ||theta||^2 / (2 prior_std^2),
// kinetic energy ||p||^2 / 2, leapfrog integration, Metropolis correction.
// During burn-in the step size adapts towards the target acceptance rate;
// afterwards it is frozen so the chain is a valid MCMC chain.

#include <cstdint>

#include "core/sampling/Member.h"
#include "core/sampling/SgdTrainer.h"

namespace modescape::sampling {

struct HmcOptions {
    int burnIn = 50;
    int samples = 20;
    int thinning = 1;           // keep every thinning-th state after burn-in
    int leapfrogSteps = 30;
    double stepSize = 2e-3;     // initial; adapted during burn-in
    double targetAcceptance = 0.75;
    double priorStd = 1.0;
    std::uint64_t seed = 0;
};

// Runs the chain from start; statistics hold "acceptance_rate" (after
// burn-in), "step_size" and "burn_in_acceptance_rate".
SamplerOutput runHmc(const model::Model& model, const model::ParameterSet& start,
                     const data::Dataset& train, const HmcOptions& options, const JobContext& context,
                     double progressFrom = 0.0, double progressTo = 1.0);

}  // namespace modescape::sampling
