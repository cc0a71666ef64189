#include "core/sampling/Swag.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

#include "core/common/Error.h"

namespace modescape::sampling {

SwagPosterior fitSwag(const model::Model& model, model::ParameterSet start, const data::Dataset& train,
                      const SwagOptions& options, const JobContext& context, double progressFrom,
                      double progressTo) {
    if (options.collectEpochs < 2 || options.rank < 2 || options.rank > options.collectEpochs)
        throw InvalidArgument("SWAG needs at least 2 collected epochs and 2 <= rank <= collected epochs");
    SgdOptions sgd = options.sgd;
    sgd.epochs = options.collectEpochs;
    sgd.finalLearningRateFactor = 1.0;  // constant rate while collecting
    sgd.seed = options.seed;

    at::Tensor sum, sumSquares;
    std::vector<at::Tensor> iterates;
    trainSgd(model, start, train, sgd, context,
             [&](int, double, const model::ParameterSet& weights) {
                 const at::Tensor flat = weights.flatten().detach().to(at::kDouble);
                 sum = sum.defined() ? sum + flat : flat.clone();
                 sumSquares = sumSquares.defined() ? sumSquares + flat * flat : flat * flat;
                 iterates.push_back(flat);
             },
             progressFrom, progressTo);

    SwagPosterior posterior;
    posterior.iterates = static_cast<std::int64_t>(iterates.size());
    posterior.mean = sum / double(posterior.iterates);
    posterior.diagonal = (sumSquares / double(posterior.iterates) - posterior.mean * posterior.mean).clamp_min(0.0);
    std::vector<at::Tensor> last(iterates.end() - options.rank, iterates.end());
    posterior.deviations = at::stack(last) - posterior.mean.unsqueeze(0);
    return posterior;
}

SamplerOutput sampleSwag(const SwagPosterior& posterior, const model::ParameterSet& reference,
                         const SwagOptions& options) {
    auto generator = at::make_generator<at::CPUGeneratorImpl>(options.seed + 1000003);
    const std::int64_t p = posterior.mean.size(0);
    const std::int64_t k = posterior.deviations.size(0);
    SamplerOutput output;
    for (int s = 0; s < options.samples; ++s) {
        const at::Tensor z1 = at::normal(0.0, 1.0, {p}, generator, at::kDouble);
        const at::Tensor z2 = at::normal(0.0, 1.0, {k}, generator, at::kDouble);
        const at::Tensor theta = posterior.mean + (posterior.diagonal / 2.0).sqrt() * z1 +
                                 at::matmul(z2, posterior.deviations) / std::sqrt(2.0 * (k - 1));
        Member member;
        member.name = "swag-" + std::string(s < 10 ? "0" : "") + std::to_string(s);
        member.group = "swag";
        member.weights = reference.unflatten(theta.to(at::kFloat));
        member.metadata = {{"sample", std::to_string(s)}, {"seed", std::to_string(options.seed)}};
        output.members.push_back(std::move(member));
    }
    output.statistics["swag_iterates"] = double(posterior.iterates);
    output.statistics["swag_rank"] = double(k);
    return output;
}

}  // namespace modescape::sampling
