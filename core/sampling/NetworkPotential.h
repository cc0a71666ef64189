#pragma once
// The posterior of a classifier's weights as a Potential:
// U(theta) = sum_n CE(x_n, y_n; theta) + ||theta||^2 / (2 prior_std^2),
// theta being the network's parameters flattened in ParameterSet order.

#include "core/model/Model.h"
#include "core/sampling/Potential.h"

namespace modescape::data {
struct Dataset;
}

namespace modescape::sampling {

class NetworkPotential : public Potential {
  public:
    // reference gives the shapes theta unflattens to; model, reference and
    // train must outlive the potential.
    NetworkPotential(const model::Model& model, const model::ParameterSet& reference,
                     const data::Dataset& train, double priorStd);

    EnergyAndGradient evaluate(const at::Tensor& theta) const override;
    std::int64_t dataSize() const override;
    at::Tensor batchGradient(const at::Tensor& theta, const at::Tensor& batch) const override;

  private:
    const model::Model& model_;
    const model::ParameterSet& reference_;
    const data::Dataset& train_;
    double priorPrecision_;
};

}  // namespace modescape::sampling
