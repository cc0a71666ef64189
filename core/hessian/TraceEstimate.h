#pragma once
// The trace of a symmetric operator known only by its products
// (docs/hessian.md): exactly, as the sum of e_i' H e_i over the unit vectors
// (also giving the diagonal, hence each layer's trace), or by Hutch++ (Meyer,
// Musco, Musco and Woodruff, 2021) with the standard error of its random part.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

#include "core/hessian/HessianOperator.h"
#include "core/hessian/Lanczos.h"

namespace modescape::hessian {

struct TraceEstimate {
    double value = 0.0;
    double standardError = 0.0;  // 0 for the exact trace
    std::int64_t products = 0;
    std::vector<double> diagonal;  // exact only: H_ii, in the flat order
};

// dimension products.
TraceEstimate exactTrace(const LinearOperator& op, std::int64_t dimension,
                         const at::TensorOptions& options, const StepCallback& onStep = {});

// About `products` products in three equal blocks (at least one probe each):
// a sketch H S of random signs S, whose orthonormal basis Q gives the exact
// part tr(Q' H Q), and a Hutchinson estimate of the rest, mean of g' P H P g
// over sign vectors g with P = I - Q Q'. The standard error is that mean's
// (the sample standard deviation over the square root of the probes); the
// exact part has none.
TraceEstimate hutchPlusPlusTrace(const LinearOperator& op, std::int64_t dimension,
                                 const at::TensorOptions& options, int products, std::uint64_t seed,
                                 const StepCallback& onStep = {});

}  // namespace modescape::hessian
