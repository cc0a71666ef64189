#pragma once
// Base of the architectures written in LibTorch C++ (Mlp, LeNet5, CifarResNet).
// Each is written once against LayerOps, so one forward serves a single weight
// set and K weight sets (grouped matmul / grouped convolution).

#include <cstdint>
#include <string>
#include <vector>

#include "core/model/Model.h"

namespace modescape::model {

class LayerOps;

class BuiltinModel : public Model {
  public:
    const std::vector<TensorSpec>& parameterSpec() const override { return spec_; }

    at::Tensor forward(const ParameterSet& params, const at::Tensor& x,
                       const ForwardOptions& options = {}) const override;
    bool supportsBatched() const override { return true; }
    at::Tensor forwardBatched(const ParameterSet& params, const at::Tensor& x,
                              const ForwardOptions& options = {}) const override;

    // PyTorch-default initialisation drawn from a generator seeded with seed.
    ParameterSet initialParameters(std::uint64_t seed) const;

  protected:
    explicit BuiltinModel(std::vector<TensorSpec> spec) : spec_(std::move(spec)) {}
    // The architecture; x is the raw input batch (ops converts it to its layout).
    virtual at::Tensor run(const LayerOps& ops, const at::Tensor& x) const = 0;
    // Dimensions of one input sample ({features} or {C, H, W}; 0 = any size).
    virtual std::vector<std::int64_t> inputShape() const = 0;

  private:
    void checkInput(const at::Tensor& x) const;
    std::vector<TensorSpec> spec_;
};

}  // namespace modescape::model
