#include "core/hessian/HessianOperator.h"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/autograd.h>

#include "core/common/Error.h"

namespace modescape::hessian {
namespace {

bool trained(const model::ParameterSet::Entry& e) {
    return e.role == model::TensorRole::Parameter && at::isFloatingType(e.tensor.scalar_type());
}

}  // namespace

HessianOperator::HessianOperator(const model::Model& model, const model::ParameterSet& weights,
                                 at::Tensor inputs, at::Tensor labels, std::int64_t batchSize,
                                 DeviceKind device)
    : model_(model), batchSize_(batchSize) {
    if (batchSize < 1)
        throw InvalidArgument("Hessian: the batch size must be at least 1 (got " +
                              std::to_string(batchSize) + ")");
    if (inputs.size(0) == 0)
        throw InvalidArgument("Hessian: no data to compute the loss on");
    const at::Device dev =
        device == DeviceKind::Cuda ? at::Device(at::kCUDA) : at::Device(at::kCPU);
    weights_ = weights.to(at::TensorOptions().device(dev).dtype(at::kDouble));
    for (const auto& e : weights_.entries())
        if (trained(e)) {
            blocks_.push_back({e.name, dimension_, e.tensor.numel()});
            dimension_ += e.tensor.numel();
        }
    if (dimension_ == 0)
        throw InvalidArgument("Hessian: the model has no trained parameters");
    std::vector<at::Tensor> parts;
    for (const auto& e : weights_.entries())
        if (trained(e))
            parts.push_back(e.tensor.reshape({-1}));
    flat_ = at::cat(parts).detach();
    inputs_ = inputs.to(dev, at::kDouble);
    labels_ = labels.to(dev, at::kLong);
}

at::TensorOptions HessianOperator::vectorOptions() const {
    return flat_.options();
}

at::Tensor HessianOperator::apply(const at::Tensor& v) const {
    if (v.dim() != 1 || v.numel() != dimension_)
        throw ShapeMismatch("Hessian: a vector of " + std::to_string(v.numel()) + " elements for " +
                            std::to_string(dimension_) + " parameters");
    const at::Tensor direction = v.to(flat_.options());
    at::Tensor hv = at::zeros_like(flat_);
    const std::int64_t n = samples();
    model::ForwardOptions forward;
    forward.grad = true;
    at::AutoGradMode gradMode(true);
    for (std::int64_t start = 0; start < n; start += batchSize_) {
        const std::int64_t count = std::min(batchSize_, n - start);
        const at::Tensor leaf = flat_.detach().requires_grad_(true);
        // Stored tensors with float64 views of the leaf in place of the parameters.
        model::ParameterSet params;
        for (const auto& e : weights_.entries())
            params.add(e.name, e.tensor, e.role);
        for (const auto& b : blocks_)
            params.set(b.name, leaf.narrow(0, b.offset, b.size).view(weights_.at(b.name).sizes()));
        const at::Tensor logits = model_.forward(params, inputs_.narrow(0, start, count), forward);
        // Each batch's share of the mean over all n samples.
        const at::Tensor loss = at::cross_entropy_loss(logits, labels_.narrow(0, start, count), {},
                                                       at::Reduction::Sum) /
                                static_cast<double>(n);
        const at::Tensor gradient = torch::autograd::grad({loss}, {leaf}, {}, /*retain_graph=*/true,
                                                          /*create_graph=*/true)[0];
        const at::Tensor product = torch::autograd::grad({(gradient * direction).sum()}, {leaf})[0];
        hv.add_(product.detach());
    }
    ++products_;
    return hv;
}

double HessianOperator::loss() const {
    at::NoGradGuard noGrad;
    double total = 0.0;
    const std::int64_t n = samples();
    for (std::int64_t start = 0; start < n; start += batchSize_) {
        const std::int64_t count = std::min(batchSize_, n - start);
        const at::Tensor logits = model_.forward(weights_, inputs_.narrow(0, start, count));
        total +=
            at::cross_entropy_loss(logits, labels_.narrow(0, start, count), {}, at::Reduction::Sum)
                .item<double>();
    }
    return total / static_cast<double>(n);
}

}  // namespace modescape::hessian
