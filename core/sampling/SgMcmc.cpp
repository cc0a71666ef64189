#include "core/sampling/SgMcmc.h"

#include "core/sampling/NetworkPotential.h"

namespace modescape::sampling {

SamplerOutput runSgMcmc(const model::Model& model, const model::ParameterSet& start,
                        const data::Dataset& train, const SgMcmcOptions& options,
                        const JobContext& context, double progressFrom, double progressTo) {
    const NetworkPotential potential(model, start, train, options.priorStd);
    Chain chain = runSgMcmcChain(potential, start.flatten().detach(), options, context,
                                 progressFrom, progressTo);
    const std::string group = options.cyclical ? "csgmcmc" : "sgld";
    SamplerOutput output;
    for (ChainSample& sample : chain.samples) {
        const int index = static_cast<int>(output.members.size());
        Member member;
        member.name = group + "-" + (index < 10 ? "0" : "") + std::to_string(index);
        member.group = group;
        member.weights = start.unflatten(sample.theta);
        member.metadata = {{"sample", std::to_string(index)},
                           {"epoch", std::to_string(sample.iteration)},
                           {"seed", std::to_string(options.seed)}};
        output.members.push_back(std::move(member));
    }
    output.statistics = std::move(chain.statistics);
    return output;
}

}  // namespace modescape::sampling
