#pragma once
// Targets with moments known in closed form, as sampling::Potential, in
// double precision: a Gaussian given by its mean and precision, and the
// posterior of a Bayesian linear regression (Gaussian noise, Gaussian prior).

#include <ATen/ATen.h>

#include "core/sampling/Potential.h"

namespace modescape::testing {

// U = (theta - m)' A (theta - m) / 2; no data (one term).
class GaussianPotential : public sampling::Potential {
  public:
    GaussianPotential(at::Tensor mean, at::Tensor precision)
        : mean_(std::move(mean)), precision_(std::move(precision)) {}
    sampling::EnergyAndGradient evaluate(const at::Tensor& theta) const override {
        const at::Tensor gradient = precision_.mv(theta - mean_);
        return {0.5 * (theta - mean_).dot(gradient).item<double>(), gradient};
    }
    std::int64_t dataSize() const override { return 1; }
    at::Tensor batchGradient(const at::Tensor& theta, const at::Tensor&) const override {
        return evaluate(theta).gradient;
    }

  private:
    at::Tensor mean_, precision_;
};

// U = ||y - X theta||^2 / (2 s^2) + ||theta||^2 / (2 p^2), one term per row of X.
class LinearRegressionPotential : public sampling::Potential {
  public:
    LinearRegressionPotential(at::Tensor inputs, at::Tensor targets, double noiseStd,
                              double priorStd)
        : x_(std::move(inputs)),
          y_(std::move(targets)),
          noisePrecision_(1.0 / (noiseStd * noiseStd)),
          priorPrecision_(1.0 / (priorStd * priorStd)) {}
    sampling::EnergyAndGradient evaluate(const at::Tensor& theta) const override {
        const at::Tensor residual = y_ - x_.mv(theta);
        return {0.5 * noisePrecision_ * residual.dot(residual).item<double>() +
                    0.5 * priorPrecision_ * theta.dot(theta).item<double>(),
                -noisePrecision_ * x_.t().mv(residual) + priorPrecision_ * theta};
    }
    std::int64_t dataSize() const override { return x_.size(0); }
    at::Tensor batchGradient(const at::Tensor& theta, const at::Tensor& batch) const override {
        const at::Tensor xb = x_.index_select(0, batch);
        const at::Tensor residual = y_.index_select(0, batch) - xb.mv(theta);
        const double scale = double(dataSize()) / double(batch.numel());
        return -scale * noisePrecision_ * xb.t().mv(residual) + priorPrecision_ * theta;
    }

  private:
    at::Tensor x_, y_;
    double noisePrecision_, priorPrecision_;
};

}  // namespace modescape::testing
