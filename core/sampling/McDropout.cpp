#include "core/sampling/McDropout.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include "core/common/Error.h"
#include "core/model/Mlp.h"

namespace modescape::sampling {

SamplerOutput foldDropoutMasks(const model::MlpModel& model, const model::ParameterSet& weights,
                               int count, std::uint64_t seed) {
    const double p = model.config().dropout;
    if (!(p > 0.0 && p < 1.0))
        throw InvalidArgument(
            "MC dropout needs an MLP trained with dropout in (0, 1); this one has " +
            std::to_string(p));
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    const auto& linears = model.linearNames();
    SamplerOutput output;
    for (int s = 0; s < count; ++s) {
        model::ParameterSet member = weights.clone();
        // Dropout follows every hidden layer, i.e. feeds every linear but the first.
        for (std::size_t i = 1; i < linears.size(); ++i) {
            const std::string name = linears[i] + ".weight";
            const at::Tensor w = member.at(name);
            const at::Tensor keep =
                at::bernoulli(at::full({w.size(1)}, 1.0 - p, w.options()), generator);
            member.set(name, w * (keep / (1.0 - p)).unsqueeze(0));
        }
        Member m;
        m.name = "mc-dropout-" + std::string(s < 10 ? "0" : "") + std::to_string(s);
        m.group = "mc-dropout";
        m.weights = std::move(member);
        m.metadata = {{"mask_seed", std::to_string(seed)},
                      {"sample", std::to_string(s)},
                      {"dropout", std::to_string(p)}};
        output.members.push_back(std::move(m));
    }
    return output;
}

}  // namespace modescape::sampling
