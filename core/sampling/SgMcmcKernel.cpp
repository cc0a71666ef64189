#include "core/sampling/SgMcmcKernel.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/GradMode.h>

#include <cmath>
#include <vector>

#include "core/common/Error.h"

namespace modescape::sampling {

double cyclicalStepSize(double eta0, double r) {
    return eta0 / 2.0 * (std::cos(M_PI * r) + 1.0);
}

at::Tensor langevinStep(const at::Tensor& theta, const at::Tensor& gradient, double eta,
                        double temperature, bool noisy, at::Generator& generator) {
    at::Tensor next = theta - eta * gradient;
    if (noisy)
        next = next + std::sqrt(2.0 * eta * temperature) *
                          at::normal(0.0, 1.0, next.sizes(), generator, next.scalar_type());
    return next;
}

Chain runSgMcmcChain(const Potential& potential, const at::Tensor& start,
                     const SgMcmcChainOptions& options, const JobContext& context,
                     double progressFrom, double progressTo, const SgMcmcParts& parts) {
    if (options.samples < 1 || !(options.stepSize > 0) || options.batchSize < 1 ||
        options.cycles < 1 || options.epochsPerCycle < 1)
        throw InvalidArgument(
            "SG-MCMC needs samples, cycles, epochs per cycle, batch size >= 1 and a positive "
            "step size");
    const std::int64_t n = potential.dataSize();
    const std::int64_t batchesPerEpoch = (n + options.batchSize - 1) / options.batchSize;
    const int cycles = options.cyclical ? options.cycles : 1;
    const int epochsPerCycle =
        options.cyclical ? options.epochsPerCycle : options.burnInEpochs + options.samples;
    const int totalEpochs = cycles * epochsPerCycle;
    const std::int64_t stepsPerCycle = std::int64_t(epochsPerCycle) * batchesPerEpoch;

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
        for (int e = options.burnInEpochs + 1; e <= totalEpochs; ++e)
            sampleAfterEpoch[e] = true;
    }

    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);
    at::Tensor theta = start.detach().clone();
    Chain chain;
    std::int64_t step = 0;
    for (int epoch = 1; epoch <= totalEpochs; ++epoch) {
        const at::Tensor order = at::randperm(n, generator, at::kLong);
        for (std::int64_t b = 0; b < batchesPerEpoch; ++b, ++step) {
            context.checkCancelled();
            const double r = double(step % stepsPerCycle) / stepsPerCycle;
            const double eta =
                options.cyclical ? cyclicalStepSize(options.stepSize, r) : options.stepSize;
            const bool exploring = options.cyclical && r < options.explorationFraction;

            const at::Tensor batch =
                order.slice(0, b * options.batchSize, std::min(n, (b + 1) * options.batchSize));
            const at::Tensor gradient = potential.batchGradient(theta, batch);
            c10::AutoGradMode noGrad(false);
            theta = parts.step(theta, gradient, eta, options.temperature, !exploring, generator);
        }
        if (!theta.isfinite().all().item<bool>())
            throw Error("SG-MCMC diverged at epoch " + std::to_string(epoch) +
                        "; lower the step size");
        if (sampleAfterEpoch[epoch])
            chain.samples.push_back({theta.clone(), epoch});
        context.report(
            progressFrom + (progressTo - progressFrom) * epoch / totalEpochs,
            "SG-MCMC epoch " + std::to_string(epoch) + "/" + std::to_string(totalEpochs));
    }
    chain.statistics["epochs"] = totalEpochs;
    return chain;
}

}  // namespace modescape::sampling
