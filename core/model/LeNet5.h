#pragma once
// LeNet-5 for 28x28 images (MNIST / Fashion-MNIST), PyTorch names:
//   conv1 Conv2d(in, 6, 5, padding=2) -> relu -> max_pool2d(2)
//   conv2 Conv2d(6, 16, 5)            -> relu -> max_pool2d(2) -> flatten (400)
//   fc1 Linear(400, 120) -> relu -> fc2 Linear(120, 84) -> relu -> fc3 Linear(84, classes)

#include <cstdint>

#include "core/model/BuiltinModel.h"

namespace modescape::model {

struct LeNet5Config {
    std::int64_t inChannels = 1;
    std::int64_t numClasses = 10;
};

class LeNet5Model : public BuiltinModel {
  public:
    // Throws InvalidArgument for a channel or class count < 1.
    explicit LeNet5Model(LeNet5Config config = {});
    std::string name() const override { return "lenet5"; }
    std::string describe() const override;
    const LeNet5Config& config() const { return config_; }

  protected:
    at::Tensor run(const LayerOps& ops, const at::Tensor& x) const override;
    std::vector<std::int64_t> inputShape() const override { return {config_.inChannels, 28, 28}; }

  private:
    LeNet5Config config_;
};

}  // namespace modescape::model
