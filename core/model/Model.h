#pragma once
// The one interface the rest of Modescape evaluates networks through: given a
// model, a parameter set and an input batch, produce logits. Implemented by the
// built-in architectures (BuiltinModel) and by TorchScript modules
// (TorchScriptModel). Models hold no weights: every call receives them, so a
// weight can be any tensor expression (w0 + a * d) and autograd can flow to it.

#include <memory>
#include <string>
#include <vector>

#include "core/model/ParameterSet.h"
#include "core/model/TensorSpec.h"

namespace at {
class Tensor;
}

namespace modescape::model {

struct ForwardOptions {
    // Record gradients (off by default: evaluation runs under no-grad).
    bool grad = false;
    // BatchNorm in train mode: normalise with the batch statistics and update
    // the running statistics of the given parameter set IN PLACE with
    // batchNormMomentum (PyTorch's rule: running = (1 - m) * running + m * batch,
    // the variance unbiased) and num_batches_tracked += 1. Used by
    // recomputeBatchNorm and by training.
    bool trainBatchNorm = false;
    double batchNormMomentum = 0.1;
    // Dropout active (training, MC dropout); uses LibTorch's global generator.
    bool dropout = false;
    // How forwardBatched computes the K weight sets (built-ins only). Grouped
    // kernels (bmm, grouped convolution) win on a GPU; on LibTorch 1.13's CPU
    // backend they are 3 to 30 times slower than K ordinary forwards
    // (bench/bench_forward), so Auto uses grouped kernels on CUDA only.
    enum class BatchedKernels { Auto, Grouped, PerWeightSet };
    BatchedKernels batchedKernels = BatchedKernels::Auto;
};

class Model {
  public:
    virtual ~Model() = default;

    // "mlp", "lenet5", "resnet20", "resnet18", "torchscript".
    virtual std::string name() const = 0;
    // Human-readable, with arguments: "resnet20 (norm bn, activation relu, 10 classes)".
    virtual std::string describe() const = 0;

    // Every parameter and buffer the model reads, in state-dict order.
    virtual const std::vector<TensorSpec>& parameterSpec() const = 0;
    bool hasBatchNorm() const;

    // Logits [N, classes] for x (N samples). Throws ShapeMismatch when the
    // weights or the input do not fit the architecture, InvalidArgument for a
    // missing weight.
    virtual at::Tensor forward(const ParameterSet& params, const at::Tensor& x,
                               const ForwardOptions& options = {}) const = 0;

    // K weight sets at once: every tensor of params has a leading dimension K
    // (ParameterSet::stack). Returns logits [K, N, classes], equal to K separate
    // forwards. The default loops over the K sets; built-ins override it with
    // one grouped forward (supportsBatched() true; see BatchedKernels).
    virtual bool supportsBatched() const { return false; }
    virtual at::Tensor forwardBatched(const ParameterSet& params, const at::Tensor& x,
                                      const ForwardOptions& options = {}) const;
};

}  // namespace modescape::model
