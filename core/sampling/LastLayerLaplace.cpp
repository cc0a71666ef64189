#include "core/sampling/LastLayerLaplace.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/GradMode.h>

#include "core/common/Error.h"
#include "core/data/Dataset.h"
#include "core/model/Model.h"

namespace modescape::sampling {
namespace {
std::string biasNameOf(const std::string& weightName) {
    const auto dot = weightName.rfind(".weight");
    if (dot == std::string::npos || dot + 7 != weightName.size())
        throw InvalidArgument("Laplace: '" + weightName + "' is not a '.weight' tensor name");
    return weightName.substr(0, dot) + ".bias";
}
}  // namespace

at::Tensor lastLayerFeatures(const model::Model& model, const model::ParameterSet& weights,
                             const std::string& weightName, const at::Tensor& inputs) {
    c10::AutoGradMode noGrad(false);
    const at::Tensor w = weights.at(weightName);
    if (w.dim() != 2)
        throw InvalidArgument("Laplace: '" + weightName + "' is not a linear layer's weight");
    const std::int64_t classes = w.size(0), hidden = w.size(1);
    model::ParameterSet probe = weights.clone();
    const std::string bias = biasNameOf(weightName);
    if (probe.contains(bias))
        probe.set(bias, at::zeros_like(probe.at(bias)));
    const at::Tensor identity = at::eye(hidden, w.options());
    std::vector<at::Tensor> columns;
    for (std::int64_t start = 0; start < hidden; start += classes) {
        // Rows start .. start + classes of the identity (zero-padded at the end).
        at::Tensor rows = at::zeros({classes, hidden}, w.options());
        const std::int64_t take = std::min(classes, hidden - start);
        rows.slice(0, 0, take).copy_(identity.slice(0, start, start + take));
        probe.set(weightName, rows);
        columns.push_back(model.forward(probe, inputs).slice(1, 0, take));
    }
    return at::cat(columns, 1);
}

LastLayerPrecision lastLayerPrecision(const model::Model& model, const model::ParameterSet& map,
                                      const data::Dataset& train, const LaplaceOptions& options) {
    c10::AutoGradMode noGrad(false);
    const at::Tensor phi =
        lastLayerFeatures(model, map, options.weightName, train.inputs).to(at::kDouble);
    const at::Tensor probs = at::softmax(model.forward(map, train.inputs).to(at::kDouble), 1);
    const at::Tensor curvature = probs * (1.0 - probs);  // [N, C]
    const double priorPrecision = 1.0 / (options.priorStd * options.priorStd);
    return {at::matmul(curvature.t(), phi * phi) + priorPrecision,  // [C, H]
            curvature.sum(0) + priorPrecision};                     // [C]
}

SamplerOutput drawLastLayerLaplace(const model::ParameterSet& map,
                                   const LastLayerPrecision& precision,
                                   const LaplaceOptions& options) {
    c10::AutoGradMode noGrad(false);
    const at::Tensor& weightPrecision = precision.weight;
    const at::Tensor& biasPrecision = precision.bias;
    const std::string biasName = biasNameOf(options.weightName);
    const bool hasBias = map.contains(biasName);
    auto generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);
    SamplerOutput output;
    for (int s = 0; s < options.samples; ++s) {
        model::ParameterSet member = map.clone();
        const at::Tensor w = map.at(options.weightName);
        member.set(
            options.weightName,
            w + (at::normal(0.0, 1.0, w.sizes(), generator, at::kDouble) / weightPrecision.sqrt())
                    .to(w.scalar_type()));
        if (hasBias) {
            const at::Tensor b = map.at(biasName);
            member.set(biasName, b + (at::normal(0.0, 1.0, b.sizes(), generator, at::kDouble) /
                                      biasPrecision.sqrt())
                                         .to(b.scalar_type()));
        }
        Member m;
        m.name = "laplace-" + std::string(s < 10 ? "0" : "") + std::to_string(s);
        m.group = "laplace";
        m.weights = std::move(member);
        m.metadata = {{"sample", std::to_string(s)}, {"seed", std::to_string(options.seed)}};
        output.members.push_back(std::move(m));
    }
    output.statistics["laplace_mean_posterior_std"] =
        (1.0 / weightPrecision.sqrt()).mean().item<double>();
    return output;
}

SamplerOutput sampleLastLayerLaplace(const model::Model& model, const model::ParameterSet& map,
                                     const data::Dataset& train, const LaplaceOptions& options) {
    return drawLastLayerLaplace(map, lastLayerPrecision(model, map, train, options), options);
}

}  // namespace modescape::sampling
