#pragma once
// Hamiltonian Monte Carlo on any Potential, built from pieces that can be
// called (and, in tests, replaced) one by one: the momentum draw, the kinetic
// energy and its gradient (the velocity), the leapfrog integrator and the
// Metropolis accept step. The defaults give standard HMC with unit mass:
// p ~ N(0, I), K(p) = ||p||^2 / 2, H = U + K, accept with min(1, exp(H0 - H1)).
// During burn-in the step size can adapt towards a target acceptance rate;
// afterwards it is frozen so the chain is a valid MCMC chain.

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/sampling/Potential.h"

namespace modescape::sampling {

struct HmcChainOptions {
    int burnIn = 50;
    int samples = 20;
    int thinning = 1;  // keep every thinning-th state after burn-in
    int leapfrogSteps = 30;
    double stepSize = 2e-3;  // initial; adapted during burn-in when adaptStepSize
    bool adaptStepSize = true;
    double targetAcceptance = 0.75;
    std::uint64_t seed = 0;
};

// Standard-normal momentum shaped like theta.
at::Tensor drawStandardMomentum(const at::Tensor& theta, at::Generator& generator);
// ||p||^2 / 2.
double standardKineticEnergy(const at::Tensor& momentum);
// dK/dp for the standard kinetic energy: p itself.
at::Tensor standardVelocity(const at::Tensor& momentum);

struct MetropolisDecision {
    double probability = 0.0;  // min(1, exp(h0 - h1))
    bool accepted = false;
};
// Accepts the move from energy h0 to h1 with probability min(1, exp(h0 - h1))
// (0 when h1 is infinite); draws one uniform from generator.
MetropolisDecision metropolisAccept(double h0, double h1, at::Generator& generator);

struct PhasePoint {
    at::Tensor position;
    at::Tensor momentum;
    double energy = 0.0;  // U(position)
    at::Tensor gradient;  // grad U(position)
};
struct LeapfrogEnd {
    PhasePoint point;
    bool finite = true;  // false: U became non-finite and integration stopped there
};
// steps leapfrog steps of size step from start (half momentum step, then
// alternating full position and momentum steps, closing half momentum step);
// positions move by step * velocity(momentum).
LeapfrogEnd leapfrog(const Potential& potential, const PhasePoint& start, double step, int steps,
                     const std::function<at::Tensor(const at::Tensor&)>& velocity);

// The replaceable pieces; the defaults are the functions above.
struct HmcParts {
    std::function<at::Tensor(const at::Tensor&, at::Generator&)> drawMomentum =
        drawStandardMomentum;
    std::function<double(const at::Tensor&)> kineticEnergy = standardKineticEnergy;
    std::function<at::Tensor(const at::Tensor&)> velocity = standardVelocity;
    std::function<MetropolisDecision(double, double, at::Generator&)> accept = metropolisAccept;
};

// One kept state of a chain and the (1-based) iteration or epoch it ended.
struct ChainSample {
    at::Tensor theta;
    int iteration = 0;
};
struct Chain {
    std::vector<ChainSample> samples;
    std::map<std::string, double> statistics;
};

// Runs the chain from start (1-D); statistics hold "acceptance_rate" (after
// burn-in), "burn_in_acceptance_rate", "step_size" and "leapfrog_steps".
// Progress covers [progressFrom, progressTo].
Chain runHmcChain(const Potential& potential, const at::Tensor& start,
                  const HmcChainOptions& options, const JobContext& context,
                  double progressFrom = 0.0, double progressTo = 1.0, const HmcParts& parts = {});

}  // namespace modescape::sampling
