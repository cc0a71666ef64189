#pragma once
// Stochastic-gradient Langevin dynamics, plain or cyclical, for networks: the
// SG-MCMC kernel (SgMcmcKernel.h) on the network's NetworkPotential,
// U(theta) = N * mean_batch CE + ||theta||^2 / (2 prior_std^2) per minibatch.

#include "core/sampling/Member.h"
#include "core/sampling/SgMcmcKernel.h"
#include "core/sampling/SgdTrainer.h"

namespace modescape::sampling {

struct SgMcmcOptions : SgMcmcChainOptions {
    double priorStd = 1.0;
};

SamplerOutput runSgMcmc(const model::Model& model, const model::ParameterSet& start,
                        const data::Dataset& train, const SgMcmcOptions& options,
                        const JobContext& context, double progressFrom = 0.0,
                        double progressTo = 1.0);

}  // namespace modescape::sampling
