#include "core/hessian/SpectralDensity.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/common/Error.h"

namespace modescape::hessian {

SpectralDensity densityFromQuadratures(std::vector<Quadrature> runs, int points, double width) {
    if (runs.empty() || points < 2)
        throw InvalidArgument("spectral density: needs at least one run and two grid points");
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& run : runs)
        for (double node : run.nodes) {
            lo = std::min(lo, node);
            hi = std::max(hi, node);
        }
    SpectralDensity out;
    out.sigma = width * (hi > lo ? hi - lo : std::max(std::abs(hi), 1.0));
    const double from = lo - 4 * out.sigma, to = hi + 4 * out.sigma;
    const double norm =
        1.0 / (out.sigma * std::sqrt(2 * std::numbers::pi) * static_cast<double>(runs.size()));
    for (int i = 0; i < points; ++i) {
        const double t = from + (to - from) * i / (points - 1);
        double value = 0.0;
        for (const auto& run : runs)
            for (std::size_t j = 0; j < run.nodes.size(); ++j) {
                const double z = (t - run.nodes[j]) / out.sigma;
                value += run.weights[j] * std::exp(-0.5 * z * z);
            }
        out.grid.push_back(t);
        out.values.push_back(value * norm);
    }
    out.runs = std::move(runs);
    return out;
}

}  // namespace modescape::hessian
