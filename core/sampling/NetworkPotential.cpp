#include "core/sampling/NetworkPotential.h"

#include <ATen/ATen.h>

#include "core/data/Dataset.h"

namespace modescape::sampling {

NetworkPotential::NetworkPotential(const model::Model& model, const model::ParameterSet& reference,
                                   const data::Dataset& train, double priorStd)
    : model_(model),
      reference_(reference),
      train_(train),
      priorPrecision_(1.0 / (priorStd * priorStd)) {}

EnergyAndGradient NetworkPotential::evaluate(const at::Tensor& theta) const {
    at::Tensor leaf = theta.detach().clone().set_requires_grad(true);
    model::ForwardOptions forward;
    forward.grad = true;
    const at::Tensor logits = model_.forward(reference_.unflatten(leaf), train_.inputs, forward);
    const at::Tensor u = at::cross_entropy_loss(logits, train_.labels, {}, at::Reduction::Sum) +
                         0.5 * priorPrecision_ * leaf.pow(2).sum();
    u.backward();
    return {u.item<double>(), leaf.grad().detach()};
}

std::int64_t NetworkPotential::dataSize() const {
    return train_.size();
}

at::Tensor NetworkPotential::batchGradient(const at::Tensor& theta, const at::Tensor& batch) const {
    at::Tensor leaf = theta.detach().clone().set_requires_grad(true);
    model::ForwardOptions forward;
    forward.grad = true;
    const at::Tensor logits =
        model_.forward(reference_.unflatten(leaf), train_.inputs.index_select(0, batch), forward);
    // N x the batch mean: the sum over the data, estimated.
    const at::Tensor u =
        double(dataSize()) * at::cross_entropy_loss(logits, train_.labels.index_select(0, batch)) +
        0.5 * priorPrecision_ * leaf.pow(2).sum();
    u.backward();
    return leaf.grad().detach();
}

}  // namespace modescape::sampling
