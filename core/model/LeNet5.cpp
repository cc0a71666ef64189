#include "core/model/LeNet5.h"

#include "core/common/Error.h"
#include "core/model/LayerOps.h"

namespace modescape::model {

namespace {

std::vector<TensorSpec> lenetSpec(const LeNet5Config& c) {
    if (c.inChannels < 1 || c.numClasses < 1)
        throw InvalidArgument("lenet5: 'in_channels' and 'num_classes' must be at least 1");
    SpecBuilder b;
    b.conv2d("conv1", c.inChannels, 6, 5, true);
    b.conv2d("conv2", 6, 16, 5, true);
    b.linear("fc1", 16 * 5 * 5, 120);
    b.linear("fc2", 120, 84);
    b.linear("fc3", 84, c.numClasses);
    return b.take();
}

}  // namespace

LeNet5Model::LeNet5Model(LeNet5Config config) : BuiltinModel(lenetSpec(config)), config_(config) {}

std::string LeNet5Model::describe() const {
    return "lenet5 (" + std::to_string(config_.inChannels) + " channels, " +
           std::to_string(config_.numClasses) + " classes)";
}

at::Tensor LeNet5Model::run(const LayerOps& ops, const at::Tensor& x) const {
    auto h = ops.imageInput(x);
    h = LayerOps::maxPool2(at::relu(ops.conv2d("conv1", h, 1, 2)));
    h = LayerOps::maxPool2(at::relu(ops.conv2d("conv2", h, 1, 0)));
    h = ops.flattenImage(h);
    h = at::relu(ops.linear("fc1", h));
    h = at::relu(ops.linear("fc2", h));
    return ops.linear("fc3", h);
}

}  // namespace modescape::model
