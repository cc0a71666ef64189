#include "core/sampling/SgMcmc.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/GradMode.h>

#include <cmath>

#include "core/common/Error.h"
#include "core/data/Dataset.h"

namespace modescape::sampling {

SamplerOutput runSgMcmc(const model::Model& model, const model::ParameterSet& start,
                        const data::Dataset& train, const SgMcmcOptions& options, const JobContext& context,
                        double progressFrom, double progressTo) {
    if (options.samples < 1 || !(options.stepSize > 0) || options.batchSize < 1 || options.cycles < 1 ||
        options.epochsPerCycle < 1)
        throw InvalidArgument("SG-MCMC needs samples, cycles, epochs per cycle, batch size >= 1 and a positive step size");
    const std::int64_t n = train.size();
    const std::int64_t batchesPerEpoch = (n + options.batchSize - 1) / options.batchSize;
    const int cycles = options.cyclical ? options.cycles : 1;
    const int epochsPerCycle = options.cyclical ? options.epochsPerCycle : options.burnInEpochs + options.samples;
    const int totalEpochs = cycles * epochsPerCycle;
    const std::int64_t stepsPerCycle = std::int64_t(epochsPerCycle) * batchesPerEpoch;
    const double priorPrecision = 1.0 / (options.priorStd * options.priorStd);

    // Which epochs end with a sample: the last ones of each cycle (cyclical) or
    // every epoch after burn-in (plain).
    std::vector<bool> sampleAfterEpoch(totalEpochs + 1, false);
    if (options.cyclical) {
        const int perCycle = (options.samples + cycles - 1) / cycles;
        int placed = 0;
        for (int c = 0; c < cycles; ++c)
            for (int j = 0; j < perCycle && placed < options.samples; ++j, ++placed)
                sampleAfterEpoch[(c + 1) * epochsPerCycle - j] = true;
    } else {
        for (int e = options.burnInEpochs + 1; e <= totalEpochs; ++e) sampleAfterEpoch[e] = true;
    }

    auto generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);
    at::Tensor theta = start.flatten().detach().clone();
    SamplerOutput output;
    std::int64_t step = 0;
    for (int epoch = 1; epoch <= totalEpochs; ++epoch) {
        const at::Tensor order = at::randperm(n, generator, at::kLong);
        for (std::int64_t b = 0; b < batchesPerEpoch; ++b, ++step) {
            context.checkCancelled();
            const double r = double(step % stepsPerCycle) / stepsPerCycle;
            const double eta = options.cyclical ? options.stepSize / 2.0 * (std::cos(M_PI * r) + 1.0) : options.stepSize;
            const bool exploring = options.cyclical && r < options.explorationFraction;

            const at::Tensor index = order.slice(0, b * options.batchSize, std::min(n, (b + 1) * options.batchSize));
            at::Tensor leaf = theta.clone().set_requires_grad(true);
            model::ForwardOptions forward;
            forward.grad = true;
            const at::Tensor logits =
                model.forward(start.unflatten(leaf), train.inputs.index_select(0, index), forward);
            const at::Tensor u = double(n) * at::cross_entropy_loss(logits, train.labels.index_select(0, index)) +
                                 0.5 * priorPrecision * leaf.pow(2).sum();
            u.backward();
            c10::AutoGradMode noGrad(false);
            theta = theta - eta * leaf.grad();
            if (!exploring)
                theta = theta + std::sqrt(2.0 * eta * options.temperature) *
                                    at::normal(0.0, 1.0, theta.sizes(), generator, theta.scalar_type());
        }
        if (!theta.isfinite().all().item<bool>())
            throw Error("SG-MCMC diverged at epoch " + std::to_string(epoch) + "; lower the step size");
        if (sampleAfterEpoch[epoch]) {
            const int index = static_cast<int>(output.members.size());
            Member member;
            member.name = std::string(options.cyclical ? "csgmcmc-" : "sgld-") + (index < 10 ? "0" : "") +
                          std::to_string(index);
            member.group = options.cyclical ? "csgmcmc" : "sgld";
            member.weights = start.unflatten(theta.clone());
            member.metadata = {{"sample", std::to_string(index)},
                               {"epoch", std::to_string(epoch)},
                               {"seed", std::to_string(options.seed)}};
            output.members.push_back(std::move(member));
        }
        context.report(progressFrom + (progressTo - progressFrom) * epoch / totalEpochs,
                       "SG-MCMC epoch " + std::to_string(epoch) + "/" + std::to_string(totalEpochs));
    }
    output.statistics["epochs"] = totalEpochs;
    return output;
}

}  // namespace modescape::sampling
