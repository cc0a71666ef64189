#include "core/sampling/HmcKernel.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

#include "core/common/Error.h"

namespace modescape::sampling {

at::Tensor drawStandardMomentum(const at::Tensor& theta, at::Generator& generator) {
    return at::normal(0.0, 1.0, theta.sizes(), generator, theta.scalar_type());
}

double standardKineticEnergy(const at::Tensor& momentum) {
    return 0.5 * momentum.pow(2).sum().item<double>();
}

at::Tensor standardVelocity(const at::Tensor& momentum) {
    return momentum;
}

MetropolisDecision metropolisAccept(double h0, double h1, at::Generator& generator) {
    const double probability = std::min(1.0, std::exp(h0 - h1));
    const double draw = at::rand({1}, generator, at::kDouble).item<double>();
    return {probability, draw < probability};
}

LeapfrogEnd leapfrog(const Potential& potential, const PhasePoint& start, double step, int steps,
                     const std::function<at::Tensor(const at::Tensor&)>& velocity) {
    LeapfrogEnd end;
    PhasePoint& x = end.point;
    x.position = start.position.clone();
    x.momentum = start.momentum - 0.5 * step * start.gradient;
    x.energy = start.energy;
    x.gradient = start.gradient;
    for (int l = 0; l < steps && end.finite; ++l) {
        x.position = x.position + step * velocity(x.momentum);
        auto [energy, gradient] = potential.evaluate(x.position);
        x.energy = energy;
        x.gradient = gradient;
        end.finite = std::isfinite(energy);
        if (l + 1 < steps)
            x.momentum = x.momentum - step * x.gradient;
    }
    x.momentum = x.momentum - 0.5 * step * x.gradient;
    return end;
}

Chain runHmcChain(const Potential& potential, const at::Tensor& start,
                  const HmcChainOptions& options, const JobContext& context, double progressFrom,
                  double progressTo, const HmcParts& parts) {
    if (options.samples < 1 || options.leapfrogSteps < 1 || !(options.stepSize > 0) ||
        options.thinning < 1)
        throw InvalidArgument(
            "HMC needs samples >= 1, leapfrog steps >= 1, thinning >= 1, step size > 0");

    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);
    PhasePoint current;
    current.position = start.detach().clone();
    EnergyAndGradient first = potential.evaluate(current.position);
    current.energy = first.energy;
    current.gradient = first.gradient;
    double step = options.stepSize;

    Chain chain;
    const int total = options.burnIn + options.samples * options.thinning;
    int accepted = 0, acceptedBurnIn = 0;
    for (int it = 0; it < total; ++it) {
        context.checkCancelled();
        const bool burning = it < options.burnIn;
        current.momentum = parts.drawMomentum(current.position, generator);
        const double h0 = current.energy + parts.kineticEnergy(current.momentum);

        const LeapfrogEnd end =
            leapfrog(potential, current, step, options.leapfrogSteps, parts.velocity);
        const double h1 =
            end.finite ? end.point.energy + parts.kineticEnergy(end.point.momentum) : INFINITY;
        const MetropolisDecision decision = parts.accept(h0, h1, generator);
        const bool accept = end.finite && decision.accepted;
        if (accept)
            current = end.point;
        if (burning) {
            acceptedBurnIn += accept;
            // Robbins-Monro style nudging towards the target acceptance rate.
            if (options.adaptStepSize)
                step *= std::exp(0.5 * (decision.probability - options.targetAcceptance) /
                                 std::sqrt(it + 1.0));
        } else {
            accepted += accept;
            const int kept = it - options.burnIn;
            if ((kept + 1) % options.thinning == 0)
                chain.samples.push_back({current.position.clone(), it + 1});
        }
        context.report(progressFrom + (progressTo - progressFrom) * (it + 1) / total,
                       std::string(burning ? "HMC burn-in " : "HMC sampling ") +
                           std::to_string(it + 1) + "/" + std::to_string(total) +
                           ", U = " + std::to_string(current.energy));
    }
    const int afterBurnIn = total - options.burnIn;
    chain.statistics["acceptance_rate"] = double(accepted) / afterBurnIn;
    chain.statistics["burn_in_acceptance_rate"] =
        options.burnIn ? double(acceptedBurnIn) / options.burnIn : 0.0;
    chain.statistics["step_size"] = step;
    chain.statistics["leapfrog_steps"] = options.leapfrogSteps;
    return chain;
}

}  // namespace modescape::sampling
