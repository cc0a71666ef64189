#include "core/model/CifarResNet.h"

#include "core/common/Error.h"
#include "core/model/LayerOps.h"

namespace modescape::model {

namespace {

struct Layout {
    std::vector<int> blocks;
    std::vector<std::int64_t> planes;
};

Layout layoutOf(int depth) {
    if (depth == 18)
        return {{2, 2, 2, 2}, {64, 128, 256, 512}};
    if (depth == 20)
        return {{3, 3, 3}, {16, 32, 64}};
    throw InvalidArgument("resnet: depth " + std::to_string(depth) +
                          " is not built in (use resnet18 or resnet20)");
}

void addNorm(SpecBuilder& b, const CifarResNetConfig& c, const std::string& prefix,
             std::int64_t channels) {
    if (c.norm == Normalization::BatchNorm)
        b.batchNorm(prefix, channels);
    else
        b.filterResponseNorm(prefix, channels);
}

// Walks the blocks in state-dict order, building the spec as it goes.
template <class OnBlock>
std::vector<TensorSpec> resnetSpec(const CifarResNetConfig& c, OnBlock onBlock) {
    if (c.numClasses < 1 || c.inChannels < 1)
        throw InvalidArgument("resnet: 'num_classes' and 'in_channels' must be at least 1");
    auto layout = layoutOf(c.depth);
    SpecBuilder b;
    b.conv2d("conv1", c.inChannels, layout.planes[0], 3, c.convBias);
    addNorm(b, c, "bn1", layout.planes[0]);
    std::int64_t inPlanes = layout.planes[0];
    for (std::size_t l = 0; l < layout.blocks.size(); ++l) {
        std::int64_t planes = layout.planes[l];
        for (int j = 0; j < layout.blocks[l]; ++j) {
            std::int64_t stride = (j == 0 && l > 0) ? 2 : 1;
            std::string p = "layer" + std::to_string(l + 1) + "." + std::to_string(j);
            bool shortcut = stride != 1 || inPlanes != planes;
            b.conv2d(p + ".conv1", inPlanes, planes, 3, c.convBias);
            addNorm(b, c, p + ".bn1", planes);
            b.conv2d(p + ".conv2", planes, planes, 3, c.convBias);
            addNorm(b, c, p + ".bn2", planes);
            if (shortcut) {
                b.conv2d(p + ".shortcut.0", inPlanes, planes, 1, c.convBias);
                addNorm(b, c, p + ".shortcut.1", planes);
            }
            onBlock(p, stride, shortcut);
            inPlanes = planes;
        }
    }
    b.linear("linear", inPlanes, c.numClasses);
    return b.take();
}

}  // namespace

CifarResNetModel::CifarResNetModel(CifarResNetConfig config)
    : BuiltinModel(resnetSpec(config, [](const std::string&, std::int64_t, bool) {})),
      config_(config) {
    resnetSpec(config_, [this](const std::string& p, std::int64_t stride, bool shortcut) {
        blocks_.push_back({p, stride, shortcut});
    });
}

std::string CifarResNetModel::describe() const {
    return name() + " (norm " +
           (config_.norm == Normalization::BatchNorm ? std::string("bn") : std::string("frn")) +
           ", activation " + activationName(config_.activation) + ", " +
           std::to_string(config_.numClasses) + " classes)";
}

at::Tensor CifarResNetModel::norm(const LayerOps& ops, const std::string& prefix,
                                  const at::Tensor& x) const {
    if (config_.norm == Normalization::BatchNorm)
        return ops.batchNorm(prefix, x);
    return ops.filterResponseNorm(prefix, x);
}

at::Tensor CifarResNetModel::run(const LayerOps& ops, const at::Tensor& x) const {
    auto act = [this](const at::Tensor& t) { return applyActivation(config_.activation, t); };
    auto h = ops.imageInput(x);
    h = act(norm(ops, "bn1", ops.conv2d("conv1", h, 1, 1)));
    for (const auto& b : blocks_) {
        auto out =
            act(norm(ops, b.prefix + ".bn1", ops.conv2d(b.prefix + ".conv1", h, b.stride, 1)));
        out = norm(ops, b.prefix + ".bn2", ops.conv2d(b.prefix + ".conv2", out, 1, 1));
        auto skip = b.hasShortcut ? norm(ops, b.prefix + ".shortcut.1",
                                         ops.conv2d(b.prefix + ".shortcut.0", h, b.stride, 0))
                                  : h;
        h = act(out + skip);
    }
    h = ops.flattenImage(LayerOps::globalAveragePool(h));
    return ops.linear("linear", h);
}

}  // namespace modescape::model
