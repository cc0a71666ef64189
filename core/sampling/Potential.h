#pragma once
// The target of the MCMC samplers: a potential energy U(theta) = -log p(theta |
// data) + const over a flat parameter vector. HMC needs U and its exact
// gradient; SG-MCMC needs an unbiased gradient estimate from a minibatch of the
// data terms U sums over. The network's cross-entropy posterior
// (NetworkPotential) is one implementation; tests add targets whose moments are
// known in closed form.

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace modescape::sampling {

struct EnergyAndGradient {
    double energy = 0.0;
    at::Tensor gradient;  // same shape and dtype as theta, not requiring grad
};

class Potential {
  public:
    virtual ~Potential() = default;

    // U(theta) and grad U(theta) over all data; theta is 1-D.
    virtual EnergyAndGradient evaluate(const at::Tensor& theta) const = 0;

    // Number of data terms U sums over (1 for a target without data).
    virtual std::int64_t dataSize() const = 0;

    // Unbiased estimate of grad U(theta) from the data terms listed in batch
    // (int64 indices below dataSize()): their gradient scaled by N / |batch|,
    // plus the prior's.
    virtual at::Tensor batchGradient(const at::Tensor& theta, const at::Tensor& batch) const = 0;
};

}  // namespace modescape::sampling
