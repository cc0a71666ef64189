#include "core/landscape/FastGridForward.h"

#include <ATen/ATen.h>

#include "core/landscape/FastGridModels.h"
#include "core/model/Evaluate.h"

namespace modescape::landscape {

namespace {

bool isFloat32(const at::Tensor& t, const std::vector<std::int64_t>& shape) {
    return t.defined() && t.scalar_type() == at::kFloat && t.device().is_cpu() &&
           t.sizes().vec() == shape;
}

// Every tensor the spec names is in the centre, float32 and of its shape;
// directions are absent or the same. Anything else goes to the LibTorch path,
// which reports it in its own words.
bool fits(const model::Model& model, const SliceWeights& w) {
    for (const auto& spec : model.parameterSpec()) {
        const auto& name = spec.info.name;
        if (!isFloat32(w.center.find(name), spec.info.shape))
            return false;
        for (const auto* direction : {&w.x, &w.y})
            if (const auto d = direction->find(name); d.defined() && !isFloat32(d, spec.info.shape))
                return false;
    }
    return true;
}

at::Tensor contiguousOrUndefined(const at::Tensor& t) {
    return t.defined() ? t.contiguous() : t;
}

}  // namespace

cpu::Blend SliceWeights::blend(const std::string& name) const {
    return {center.at(name).contiguous(), contiguousOrUndefined(x.find(name)),
            contiguousOrUndefined(y.find(name))};
}

std::shared_ptr<const FastGridForward> makeFastGridForward(
    const model::Model& model, const model::ParameterSet& center, const model::ParameterSet& x,
    const model::ParameterSet& y, const at::Tensor& inputs, const at::Tensor& labels,
    std::int64_t cacheBytes) {
    const auto* mlp = dynamic_cast<const model::MlpModel*>(&model);
    const auto* lenet = dynamic_cast<const model::LeNet5Model*>(&model);
    SliceWeights weights{center, x, y};
    if ((!mlp && !lenet) || !fits(model, weights) || !inputs.device().is_cpu() ||
        inputs.scalar_type() != at::kFloat)
        return nullptr;
    FastData data{inputs.contiguous(), labels.to(at::kLong).contiguous()};
    if (mlp) {
        const auto& widths = mlp->config().widths;
        if (inputs.dim() != 2 || inputs.size(1) != widths.front())
            return nullptr;
        model::requireLabelsWithin(data.labels, widths.back());
        return makeMlpGridForward(*mlp, std::move(weights), std::move(data), cacheBytes);
    }
    if (inputs.dim() != 4 || inputs.size(1) != lenet->config().inChannels || inputs.size(2) != 28 ||
        inputs.size(3) != 28)
        return nullptr;
    model::requireLabelsWithin(data.labels, lenet->config().numClasses);
    return makeLeNetGridForward(*lenet, std::move(weights), std::move(data), cacheBytes);
}

std::string fastForwardBlas() {
    return cpu::blasDescription();
}

}  // namespace modescape::landscape
