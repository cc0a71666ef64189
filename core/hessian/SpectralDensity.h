#pragma once
// The eigenvalue density of the Hessian by stochastic Lanczos quadrature
// (Ghorbani, Krishnan and Xiao, 2019): each random unit start vector's Lanczos
// quadrature is a set of nodes (Ritz values) with weights summing to one; the
// density is the average over start vectors of those weights spread as
// Gaussians of width sigma, on a regular grid.

#include <vector>

#include "core/hessian/Lanczos.h"

namespace modescape::hessian {

struct SpectralDensity {
    std::vector<double> grid;    // eigenvalues, ascending, evenly spaced
    std::vector<double> values;  // density at each grid point (integrates to ~1)
    double sigma = 0.0;          // the Gaussians' standard deviation
    std::vector<Quadrature> runs;
};

// sigma = width x (largest - smallest node), or width x max(|node|, 1) when
// every node is the same; the grid spans the nodes +-4 sigma with `points`
// points. Throws InvalidArgument for no runs or fewer than 2 points.
SpectralDensity densityFromQuadratures(std::vector<Quadrature> runs, int points, double width);

}  // namespace modescape::hessian
