#pragma once
// The layers of the built-in architectures as functional operations that read
// their weights by state-dict prefix from a ParameterSet. Each architecture is
// written once against LayerOps and runs either on one weight set
// (SingleWeightOps) or on K weight sets in one pass (BatchedWeightOps), which
// is what guarantees that both paths compute the same network.
//
// Activation layouts:
//   single:  dense [N, F], image [N, C, H, W]
//   batched: dense [K, N, F] (bmm), image [N, K*C, H, W] with weight set k owning
//            channels k*C .. (k+1)*C-1 (grouped convolution, groups = K). The
//            network input is shared ([N, F] / [N, C, H, W]); the first layer
//            maps it into these layouts.
// Internal to core/model (includes ATen).

#include <ATen/ATen.h>

#include <string>

#include "core/model/Model.h"
#include "core/model/ParameterSet.h"

namespace modescape::model {

class LayerOps {
  public:
    LayerOps(const ParameterSet& params, const ForwardOptions& options)
        : params_(params), options_(options) {}
    virtual ~LayerOps() = default;

    // The network input in this layout.
    virtual at::Tensor denseInput(const at::Tensor& x) const = 0;
    virtual at::Tensor imageInput(const at::Tensor& x) const = 0;

    // prefix.weight [out, in] (+ prefix.bias when present).
    virtual at::Tensor linear(const std::string& prefix, const at::Tensor& x) const = 0;
    // prefix.weight [out, in, k, k] (+ prefix.bias when present).
    virtual at::Tensor conv2d(const std::string& prefix, const at::Tensor& x, std::int64_t stride,
                              std::int64_t padding) const = 0;
    // BatchNorm2d (eps 1e-5): running statistics, or batch statistics and an
    // in-place running-statistics update when options.trainBatchNorm.
    virtual at::Tensor batchNorm(const std::string& prefix, const at::Tensor& x) const = 0;
    // Filter response normalisation + TLU (eps 1e-6).
    virtual at::Tensor filterResponseNorm(const std::string& prefix, const at::Tensor& x) const = 0;
    // Image features [.., C, H, W] flattened per sample into the dense layout.
    virtual at::Tensor flattenImage(const at::Tensor& x) const = 0;

    // Layout-independent element-wise / per-channel operations.
    at::Tensor dropout(const at::Tensor& x, double p) const;
    static at::Tensor maxPool2(const at::Tensor& x);
    static at::Tensor globalAveragePool(const at::Tensor& x);  // [.., C, H, W] -> [.., C, 1, 1]

  protected:
    const ParameterSet& params_;
    const ForwardOptions& options_;
};

class SingleWeightOps : public LayerOps {
  public:
    using LayerOps::LayerOps;
    at::Tensor denseInput(const at::Tensor& x) const override;
    at::Tensor imageInput(const at::Tensor& x) const override;
    at::Tensor linear(const std::string& prefix, const at::Tensor& x) const override;
    at::Tensor conv2d(const std::string& prefix, const at::Tensor& x, std::int64_t stride,
                      std::int64_t padding) const override;
    at::Tensor batchNorm(const std::string& prefix, const at::Tensor& x) const override;
    at::Tensor filterResponseNorm(const std::string& prefix, const at::Tensor& x) const override;
    at::Tensor flattenImage(const at::Tensor& x) const override;
};

class BatchedWeightOps : public LayerOps {
  public:
    BatchedWeightOps(const ParameterSet& params, const ForwardOptions& options, std::int64_t k)
        : LayerOps(params, options), k_(k) {}
    at::Tensor denseInput(const at::Tensor& x) const override;
    at::Tensor imageInput(const at::Tensor& x) const override;
    at::Tensor linear(const std::string& prefix, const at::Tensor& x) const override;
    at::Tensor conv2d(const std::string& prefix, const at::Tensor& x, std::int64_t stride,
                      std::int64_t padding) const override;
    at::Tensor batchNorm(const std::string& prefix, const at::Tensor& x) const override;
    at::Tensor filterResponseNorm(const std::string& prefix, const at::Tensor& x) const override;
    at::Tensor flattenImage(const at::Tensor& x) const override;

  private:
    // A per-(k, channel) tensor [K, C] or [K, 1, C, 1, 1] as [K*C].
    at::Tensor channelVector(const at::Tensor& t) const { return t.reshape({-1}); }
    std::int64_t k_;
};

}  // namespace modescape::model
