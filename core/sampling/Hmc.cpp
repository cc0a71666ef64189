#include "core/sampling/Hmc.h"

#include "core/common/Error.h"
#include "core/sampling/NetworkPotential.h"

namespace modescape::sampling {

SamplerOutput runHmc(const model::Model& model, const model::ParameterSet& start,
                     const data::Dataset& train, const HmcOptions& options,
                     const JobContext& context, double progressFrom, double progressTo) {
    if (model.hasBatchNorm())
        throw InvalidArgument(
            "full-batch HMC is offered for BatchNorm-free networks (MLP, LeNet) only");

    const NetworkPotential potential(model, start, train, options.priorStd);
    Chain chain = runHmcChain(potential, start.flatten().detach(), options, context, progressFrom,
                              progressTo);
    SamplerOutput output;
    for (ChainSample& sample : chain.samples) {
        const int index = static_cast<int>(output.members.size());
        Member member;
        member.name = "hmc-" + std::string(index < 10 ? "0" : "") + std::to_string(index);
        member.group = "hmc";
        member.weights = start.unflatten(sample.theta);
        member.metadata = {{"sample", std::to_string(index)},
                           {"iteration", std::to_string(sample.iteration)},
                           {"seed", std::to_string(options.seed)}};
        output.members.push_back(std::move(member));
    }
    output.statistics = std::move(chain.statistics);
    return output;
}

}  // namespace modescape::sampling
