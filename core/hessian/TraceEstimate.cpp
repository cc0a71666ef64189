#include "core/hessian/TraceEstimate.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

namespace modescape::hessian {

TraceEstimate exactTrace(const LinearOperator& op, std::int64_t dimension,
                         const at::TensorOptions& options, const StepCallback& onStep) {
    TraceEstimate out;
    at::Tensor unit = at::zeros({dimension}, options);
    for (std::int64_t i = 0; i < dimension; ++i) {
        unit[i] = 1.0;
        out.diagonal.push_back(op(unit)[i].item<double>());
        unit[i] = 0.0;
        out.value += out.diagonal.back();
        ++out.products;
        if (onStep)
            onStep(static_cast<int>(out.products));
    }
    return out;
}

TraceEstimate hutchPlusPlusTrace(const LinearOperator& op, std::int64_t dimension,
                                 const at::TensorOptions& options, int products, std::uint64_t seed,
                                 const StepCallback& onStep) {
    // The sketch can use at most dimension columns; at least two residual
    // probes so that a standard error exists.
    const int sketch = static_cast<int>(std::clamp<std::int64_t>(products / 3, 1, dimension));
    const int probes = std::max(2, products - 2 * sketch);
    TraceEstimate out;
    auto product = [&](const at::Tensor& v) {
        at::Tensor hv = op(v);
        ++out.products;
        if (onStep)
            onStep(static_cast<int>(out.products));
        return hv;
    };
    std::vector<at::Tensor> images;
    for (int j = 0; j < sketch; ++j)
        images.push_back(product(seededSigns(dimension, seed + 2 * j, options)));
    const at::Tensor q = std::get<0>(at::linalg_qr(at::stack(images, 1), "reduced"));
    for (int j = 0; j < q.size(1); ++j) {
        const at::Tensor column = q.select(1, j);
        out.value += column.dot(product(column)).item<double>();
    }
    // Hutchinson on the part of H outside span(Q).
    std::vector<double> samples;
    for (int j = 0; j < probes; ++j) {
        const at::Tensor g = seededSigns(dimension, seed + 2 * j + 1, options);
        const at::Tensor p = g - q.mv(q.t().mv(g));
        samples.push_back(p.dot(product(p)).item<double>());
    }
    double mean = 0.0;
    for (double s : samples)
        mean += s / static_cast<double>(samples.size());
    double squares = 0.0;
    for (double s : samples)
        squares += (s - mean) * (s - mean);
    const double n = static_cast<double>(samples.size());
    out.value += mean;
    out.standardError = std::sqrt(squares / (n - 1) / n);
    return out;
}

}  // namespace modescape::hessian
