#pragma once
// The Hessian of the mean negative log-likelihood (mean cross-entropy, no
// prior) of a model's trained parameters on a fixed data set, as an operator:
// apply(v) = H v by double backward (the gradient of g . v, g the gradient
// built with a graph), summed over batches of the data. Buffers (BatchNorm
// running statistics) stay fixed: the model runs in eval mode. Computed in
// float64 so that eigenvalues agree with a float64 reference to ~1e-10.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/model/Model.h"

namespace modescape::hessian {

// A named parameter tensor's place in the flat vector.
struct ParameterBlock {
    std::string name;
    std::int64_t offset = 0;
    std::int64_t size = 0;
};

class HessianOperator {
  public:
    // inputs [N, ...], labels [N] (int64). Throws ShapeMismatch when they do
    // not fit the model, InvalidArgument for no data or a batch size < 1.
    HessianOperator(const model::Model& model, const model::ParameterSet& weights,
                    at::Tensor inputs, at::Tensor labels, std::int64_t batchSize,
                    DeviceKind device);

    // Number of trained parameters (the Hessian is dimension() x dimension()).
    std::int64_t dimension() const { return dimension_; }
    const std::vector<ParameterBlock>& blocks() const { return blocks_; }
    std::int64_t samples() const { return inputs_.size(0); }
    // Float64 vectors of dimension() elements, on the operator's device.
    at::TensorOptions vectorOptions() const;

    // H v. Counts the products made (products()).
    at::Tensor apply(const at::Tensor& v) const;
    // The loss at the weights: mean cross-entropy over the data.
    double loss() const;
    std::int64_t products() const { return products_; }

  private:
    const model::Model& model_;
    model::ParameterSet weights_;  // float64 on the device
    at::Tensor flat_;              // the trained parameters, flattened
    at::Tensor inputs_, labels_;
    std::int64_t batchSize_;
    std::int64_t dimension_ = 0;
    std::vector<ParameterBlock> blocks_;
    mutable std::int64_t products_ = 0;
};

// A symmetric operator on flat vectors (H v, or a deflated H).
using LinearOperator = std::function<at::Tensor(const at::Tensor&)>;

}  // namespace modescape::hessian
