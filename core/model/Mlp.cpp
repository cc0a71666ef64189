#include "core/model/Mlp.h"

#include "core/common/Error.h"
#include "core/model/LayerOps.h"

namespace modescape::model {

namespace {

std::vector<std::string> linearPrefixes(const MlpConfig& c) {
    std::vector<std::string> names;
    std::int64_t index = 0;
    std::int64_t perHidden = c.dropout > 0.0 ? 3 : 2;  // linear, activation[, dropout]
    for (std::size_t i = 0; i + 1 < c.widths.size(); ++i) {
        names.push_back(std::to_string(index));
        index += perHidden;
    }
    return names;
}

std::vector<TensorSpec> mlpSpec(const MlpConfig& c) {
    if (c.widths.size() < 2)
        throw InvalidArgument("mlp: 'widths' needs at least an input and an output width");
    for (auto w : c.widths)
        if (w < 1)
            throw InvalidArgument("mlp: every width must be at least 1");
    if (c.dropout < 0.0 || c.dropout >= 1.0)
        throw InvalidArgument("mlp: 'dropout' must be in [0, 1)");
    SpecBuilder b;
    auto names = linearPrefixes(c);
    for (std::size_t i = 0; i < names.size(); ++i)
        b.linear(names[i], c.widths[i], c.widths[i + 1]);
    return b.take();
}

}  // namespace

MlpModel::MlpModel(MlpConfig config)
    : BuiltinModel(mlpSpec(config)),
      config_(std::move(config)),
      linears_(linearPrefixes(config_)) {}

std::string MlpModel::describe() const {
    std::string w;
    for (std::size_t i = 0; i < config_.widths.size(); ++i)
        w += (i ? "-" : "") + std::to_string(config_.widths[i]);
    std::string s = "mlp " + w + " (" + activationName(config_.activation);
    if (config_.dropout > 0.0)
        s += ", dropout " + std::to_string(config_.dropout);
    return s + ")";
}

at::Tensor MlpModel::run(const LayerOps& ops, const at::Tensor& x) const {
    auto h = ops.denseInput(x);
    for (std::size_t i = 0; i < linears_.size(); ++i) {
        h = ops.linear(linears_[i], h);
        if (i + 1 < linears_.size()) {
            h = applyActivation(config_.activation, h);
            h = ops.dropout(h, config_.dropout);
        }
    }
    return h;
}

}  // namespace modescape::model
