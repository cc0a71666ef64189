#include "core/sampling/Hmc.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/GradMode.h>

#include <cmath>

#include "core/common/Error.h"
#include "core/data/Dataset.h"

namespace modescape::sampling {
namespace {

// U(theta) and its gradient for a flat parameter vector.
struct Potential {
    const model::Model& model;
    const model::ParameterSet& reference;
    const data::Dataset& train;
    double priorPrecision;

    std::pair<double, at::Tensor> operator()(const at::Tensor& flat) const {
        at::Tensor leaf = flat.detach().clone().set_requires_grad(true);
        const model::ParameterSet weights = reference.unflatten(leaf);
        model::ForwardOptions forward;
        forward.grad = true;
        const at::Tensor logits = model.forward(weights, train.inputs, forward);
        const at::Tensor u = at::cross_entropy_loss(logits, train.labels, {}, at::Reduction::Sum) +
                             0.5 * priorPrecision * leaf.pow(2).sum();
        u.backward();
        return {u.item<double>(), leaf.grad().detach()};
    }
};

}  // namespace

SamplerOutput runHmc(const model::Model& model, const model::ParameterSet& start,
                     const data::Dataset& train, const HmcOptions& options, const JobContext& context,
                     double progressFrom, double progressTo) {
    if (options.samples < 1 || options.leapfrogSteps < 1 || !(options.stepSize > 0) || options.thinning < 1)
        throw InvalidArgument("HMC needs samples >= 1, leapfrog steps >= 1, thinning >= 1, step size > 0");
    if (model.hasBatchNorm())
        throw InvalidArgument("full-batch HMC is offered for BatchNorm-free networks (MLP, LeNet) only");

    auto generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);
    const Potential potential{model, start, train, 1.0 / (options.priorStd * options.priorStd)};
    at::Tensor theta = start.flatten().detach().clone();
    auto [u, grad] = potential(theta);
    double step = options.stepSize;

    SamplerOutput output;
    const int total = options.burnIn + options.samples * options.thinning;
    int accepted = 0, acceptedBurnIn = 0;
    for (int it = 0; it < total; ++it) {
        context.checkCancelled();
        const bool burning = it < options.burnIn;
        at::Tensor momentum = at::normal(0.0, 1.0, theta.sizes(), generator, theta.scalar_type());
        const double h0 = u + 0.5 * momentum.pow(2).sum().item<double>();

        at::Tensor q = theta.clone(), p = momentum - 0.5 * step * grad;
        double uNew = u;
        at::Tensor gradNew = grad;
        bool finite = true;
        for (int l = 0; l < options.leapfrogSteps && finite; ++l) {
            q = q + step * p;
            std::tie(uNew, gradNew) = potential(q);
            finite = std::isfinite(uNew);
            if (l + 1 < options.leapfrogSteps) p = p - step * gradNew;
        }
        p = p - 0.5 * step * gradNew;
        const double h1 = finite ? uNew + 0.5 * p.pow(2).sum().item<double>() : INFINITY;
        const double acceptProbability = std::min(1.0, std::exp(h0 - h1));
        const double draw = at::rand({1}, generator, at::kDouble).item<double>();
        const bool accept = finite && draw < acceptProbability;
        if (accept) {
            theta = q;
            u = uNew;
            grad = gradNew;
        }
        if (burning) {
            acceptedBurnIn += accept;
            // Robbins-Monro style nudging towards the target acceptance rate.
            step *= std::exp(0.5 * (acceptProbability - options.targetAcceptance) / std::sqrt(it + 1.0));
        } else {
            accepted += accept;
            const int kept = it - options.burnIn;
            if ((kept + 1) % options.thinning == 0) {
                const int index = static_cast<int>(output.members.size());
                Member member;
                member.name = "hmc-" + std::string(index < 10 ? "0" : "") + std::to_string(index);
                member.group = "hmc";
                member.weights = start.unflatten(theta.clone());
                member.metadata = {{"sample", std::to_string(index)},
                                   {"iteration", std::to_string(it + 1)},
                                   {"seed", std::to_string(options.seed)}};
                output.members.push_back(std::move(member));
            }
        }
        context.report(progressFrom + (progressTo - progressFrom) * (it + 1) / total,
                       std::string(burning ? "HMC burn-in " : "HMC sampling ") + std::to_string(it + 1) +
                           "/" + std::to_string(total) + ", U = " + std::to_string(u));
    }
    const int afterBurnIn = total - options.burnIn;
    output.statistics["acceptance_rate"] = double(accepted) / afterBurnIn;
    output.statistics["burn_in_acceptance_rate"] = options.burnIn ? double(acceptedBurnIn) / options.burnIn : 0.0;
    output.statistics["step_size"] = step;
    output.statistics["leapfrog_steps"] = options.leapfrogSteps;
    return output;
}

}  // namespace modescape::sampling
