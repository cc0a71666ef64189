#pragma once
// Full-batch Hamiltonian Monte Carlo for small networks: the HMC kernel
// (HmcKernel.h) on the network's NetworkPotential,
// U(theta) = sum_n CE(x_n, y_n; theta) + ||theta||^2 / (2 prior_std^2).

#include "core/sampling/HmcKernel.h"
#include "core/sampling/Member.h"
#include "core/sampling/SgdTrainer.h"

namespace modescape::sampling {

struct HmcOptions : HmcChainOptions {
    double priorStd = 1.0;
};

// Runs the chain from start; statistics hold "acceptance_rate" (after
// burn-in), "step_size" and "burn_in_acceptance_rate".
SamplerOutput runHmc(const model::Model& model, const model::ParameterSet& start,
                     const data::Dataset& train, const HmcOptions& options,
                     const JobContext& context, double progressFrom = 0.0, double progressTo = 1.0);

}  // namespace modescape::sampling
