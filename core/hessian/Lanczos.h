#pragma once
// The Lanczos process with full reorthogonalisation on a symmetric operator
// given as products (docs/hessian.md): the top eigenpairs (largest algebraic
// eigenvalues) with each one's residual, and the Gauss quadrature nodes and
// weights of one random start vector (stochastic Lanczos quadrature).

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "core/hessian/HessianOperator.h"

namespace modescape::hessian {

struct LanczosOptions {
    int wanted = 5;           // eigenpairs
    int maxSteps = 100;       // Krylov dimension at most (capped by the operator's)
    double tolerance = 1e-6;  // converged: every residual <= tolerance * |largest Ritz value|
    std::uint64_t seed = 0;   // the start vector (and restarts after an invariant subspace)
};

struct Eigenpairs {
    std::vector<double> values;       // descending
    std::vector<at::Tensor> vectors;  // unit vectors, one per value
    std::vector<double> residuals;    // |H y - l y| of each pair (from the recurrence)
    int steps = 0;                    // Lanczos steps (products) made
    bool converged = false;
};

// Called after each product with the number of steps made.
using StepCallback = std::function<void(int steps)>;

// A standard normal vector from the project's seeded generator, so the same
// seed gives the same vector on every platform.
at::Tensor seededNormal(std::int64_t dimension, std::uint64_t seed,
                        const at::TensorOptions& options);
// Entries +-1 with probability 1/2 each (Rademacher), seeded the same way.
at::Tensor seededSigns(std::int64_t dimension, std::uint64_t seed,
                       const at::TensorOptions& options);

// The `wanted` largest eigenvalues of op and their eigenvectors. Stops when
// converged or after maxSteps (or dimension) steps.
Eigenpairs topEigenpairs(const LinearOperator& op, std::int64_t dimension,
                         const at::TensorOptions& options, const LanczosOptions& lanczos,
                         const StepCallback& onStep = {});

struct Quadrature {
    std::vector<double> nodes;    // Ritz values
    std::vector<double> weights;  // squared first components of their eigenvectors (sum 1)
};

// `steps` Lanczos steps from the unit vector `start`; fewer when the Krylov
// space is invariant (then the quadrature is exact for this start).
Quadrature lanczosQuadrature(const LinearOperator& op, const at::Tensor& start, int steps,
                             const StepCallback& onStep = {});

}  // namespace modescape::hessian
