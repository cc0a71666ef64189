#pragma once
// Stochastic-gradient Langevin dynamics, plain or cyclical (Zhang et al. 2020,
// cSG-MCMC), on any Potential. Update
// theta <- theta - eta g + sqrt(2 eta T) xi, g = batchGradient (an unbiased
// estimate of grad U), xi ~ N(0, I). Cyclical: the step size follows
// eta_k = eta_0 / 2 (cos(pi r_k) + 1), r_k in [0, 1) the position in the
// cycle; the first `explorationFraction` of each cycle runs without noise and
// samples are taken from the end of each cycle. Plain SGLD (cycles = 1,
// explorationFraction = 0, constant rate) collects after burn-in. The update
// is a replaceable piece so a test can assemble a broken variant.

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>

#include "core/jobs/Progress.h"
#include "core/sampling/HmcKernel.h"  // Chain, ChainSample
#include "core/sampling/Potential.h"

namespace modescape::sampling {

struct SgMcmcChainOptions {
    bool cyclical = true;
    int cycles = 4;
    int epochsPerCycle = 50;
    double explorationFraction = 0.8;
    int burnInEpochs = 50;   // plain SGLD only
    int samples = 20;        // spread evenly over cycles (cyclical) or epochs (plain)
    double stepSize = 1e-4;  // eta_0, on the scale of U (i.e. per-datum rate / N)
    double temperature = 1.0;
    std::int64_t batchSize = 128;
    std::uint64_t seed = 0;
};

// eta_0 / 2 (cos(pi r) + 1) at position r in [0, 1) of a cycle.
double cyclicalStepSize(double eta0, double r);

// theta - eta gradient, plus sqrt(2 eta temperature) xi when noisy.
at::Tensor langevinStep(const at::Tensor& theta, const at::Tensor& gradient, double eta,
                        double temperature, bool noisy, at::Generator& generator);

struct SgMcmcParts {
    std::function<at::Tensor(const at::Tensor&, const at::Tensor&, double, double, bool,
                             at::Generator&)>
        step = langevinStep;
};

// Runs the chain from start (1-D); each sample records the epoch it ended.
// Each epoch visits the data terms in a seeded random order, in batches.
// Throws Error when theta stops being finite. Progress covers
// [progressFrom, progressTo].
Chain runSgMcmcChain(const Potential& potential, const at::Tensor& start,
                     const SgMcmcChainOptions& options, const JobContext& context,
                     double progressFrom = 0.0, double progressTo = 1.0,
                     const SgMcmcParts& parts = {});

}  // namespace modescape::sampling
