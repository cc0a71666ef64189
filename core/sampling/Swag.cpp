#include "core/sampling/Swag.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/common/Error.h"

namespace modescape::sampling {

SwagMoments::SwagMoments(int rank) : rank_(rank) {
    if (rank < 2)
        throw InvalidArgument("SWAG needs a rank of at least 2");
}

void SwagMoments::add(const at::Tensor& flatParameters) {
    const at::Tensor flat = flatParameters.detach().to(at::kDouble);
    sum_ = sum_.defined() ? sum_ + flat : flat.clone();
    sumSquares_ = sumSquares_.defined() ? sumSquares_ + flat * flat : flat * flat;
    last_.push_back(flat);
    if (static_cast<int>(last_.size()) > rank_)
        last_.pop_front();
    ++count_;
}

SwagPosterior SwagMoments::posterior() const {
    if (count_ < rank_)
        throw InvalidArgument("SWAG: " + std::to_string(count_) + " iterates collected, rank " +
                              std::to_string(rank_) + " needs at least as many");
    SwagPosterior posterior;
    posterior.iterates = count_;
    posterior.mean = sum_ / double(count_);
    posterior.diagonal =
        (sumSquares_ / double(count_) - posterior.mean * posterior.mean).clamp_min(0.0);
    const std::vector<at::Tensor> last(last_.begin(), last_.end());
    posterior.deviations = at::stack(last) - posterior.mean.unsqueeze(0);
    return posterior;
}

SwagPosterior fitSwag(const model::Model& model, model::ParameterSet start,
                      const data::Dataset& train, const SwagOptions& options,
                      const JobContext& context, double progressFrom, double progressTo) {
    if (options.collectEpochs < 2 || options.rank < 2 || options.rank > options.collectEpochs)
        throw InvalidArgument(
            "SWAG needs at least 2 collected epochs and 2 <= rank <= collected epochs");
    SgdOptions sgd = options.sgd;
    sgd.epochs = options.collectEpochs;
    sgd.finalLearningRateFactor = 1.0;  // constant rate while collecting
    sgd.seed = options.seed;

    SwagMoments moments(options.rank);
    trainSgd(
        model, start, train, sgd, context,
        [&](int, double, const model::ParameterSet& weights) { moments.add(weights.flatten()); },
        progressFrom, progressTo);
    return moments.posterior();
}

at::Tensor swagDraw(const SwagPosterior& posterior, const at::Tensor& z1, const at::Tensor& z2) {
    const std::int64_t k = posterior.deviations.size(0);
    return posterior.mean + (posterior.diagonal / 2.0).sqrt() * z1 +
           at::matmul(z2, posterior.deviations) / std::sqrt(2.0 * (k - 1));
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
        const at::Tensor theta = swagDraw(posterior, z1, z2);
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
