#pragma once
// TorchUncertainty's CIFAR-style ResNet-18 / ResNet-20 with its state-dict names:
//   conv1 (3x3, stride 1, padding 1) -> bn1 -> act          (no max-pool)
//   layer1 .. layer4 (ResNet-18: BasicBlocks [2, 2, 2, 2], planes 64/128/256/512)
//   layer1 .. layer3 (ResNet-20: BasicBlocks [3, 3, 3],    planes 16/32/64)
//   global average pool -> linear
// A BasicBlock "layerL.B" has conv1 (3x3, stride s), bn1, conv2 (3x3), bn2 and,
// when s != 1 or the channel count changes, shortcut.0 (1x1 conv, stride s) and
// shortcut.1 (norm); out = act(bn2(conv2(act(bn1(conv1(x))))) + shortcut(x)).
// The first block of every layer but layer1 has stride 2.
// "bn*" are BatchNorm2d, or filter response normalisation with TLU (gamma,
// beta, tau) when norm is frn. Conv biases exist when convBias (TorchUncertainty's
// conv_bias option); the forward uses any bias present in the weights.

#include <cstdint>
#include <string>

#include "core/model/Activation.h"
#include "core/model/BuiltinModel.h"

namespace modescape::model {

enum class Normalization { BatchNorm, FilterResponseNorm };

struct CifarResNetConfig {
    int depth = 20;  // 18 or 20
    std::int64_t numClasses = 10;
    std::int64_t inChannels = 3;
    Normalization norm = Normalization::BatchNorm;
    Activation activation = Activation::Relu;
    bool convBias = false;
};

class CifarResNetModel : public BuiltinModel {
  public:
    // Throws InvalidArgument for a depth other than 18 / 20 or counts < 1.
    explicit CifarResNetModel(CifarResNetConfig config);
    std::string name() const override { return "resnet" + std::to_string(config_.depth); }
    std::string describe() const override;
    const CifarResNetConfig& config() const { return config_; }

  protected:
    at::Tensor run(const LayerOps& ops, const at::Tensor& x) const override;
    std::vector<std::int64_t> inputShape() const override { return {config_.inChannels, 0, 0}; }

  private:
    struct Block {
        std::string prefix;
        std::int64_t stride;
        bool hasShortcut;
    };
    at::Tensor norm(const LayerOps& ops, const std::string& prefix, const at::Tensor& x) const;
    CifarResNetConfig config_;
    std::vector<Block> blocks_;
};

}  // namespace modescape::model
