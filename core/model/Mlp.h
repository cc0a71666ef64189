#pragma once
// Multi-layer perceptron with PyTorch nn.Sequential naming. For widths
// [w0, w1, ..., wL] the Sequential holds, in order, for each hidden layer i:
//   Linear(w_i, w_{i+1}), activation, Dropout(p) (only when dropout > 0),
// and finally Linear(w_{L-1}, w_L). Modules are numbered in that order, so the
// linear layers are "0", "2", "4", ... without dropout and "0", "3", "6", ...
// with it (activation and dropout have no parameters but take indices).
// tests/fixtures/models/generate_model_fixtures.py builds the same Sequential.

#include <cstdint>
#include <vector>

#include "core/model/Activation.h"
#include "core/model/BuiltinModel.h"

namespace modescape::model {

struct MlpConfig {
    std::vector<std::int64_t> widths{2, 32, 32, 2};
    Activation activation = Activation::Relu;
    double dropout = 0.0;
};

class MlpModel : public BuiltinModel {
  public:
    // Throws InvalidArgument for fewer than 2 widths, a width < 1 or dropout outside [0, 1).
    explicit MlpModel(MlpConfig config);
    std::string name() const override { return "mlp"; }
    std::string describe() const override;
    const MlpConfig& config() const { return config_; }
    // State-dict prefixes of the linear layers, in order ("0", "2", "4").
    const std::vector<std::string>& linearNames() const { return linears_; }

  protected:
    at::Tensor run(const LayerOps& ops, const at::Tensor& x) const override;
    std::vector<std::int64_t> inputShape() const override { return {config_.widths.front()}; }

  private:
    MlpConfig config_;
    std::vector<std::string> linears_;
};

}  // namespace modescape::model
