#include "core/connectivity/PathCurve.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

#include "core/common/Error.h"

namespace modescape::connectivity {

std::vector<double> curveCoefficients(PathKind kind, int bends, double t) {
    if (bends < 2)
        throw InvalidArgument("path: a curve needs at least 2 control points");
    t = std::clamp(t, 0.0, 1.0);
    const int n = bends;
    std::vector<double> c(static_cast<std::size_t>(n), 0.0);
    if (kind == PathKind::Bezier) {
        if (t == 0.0 || t == 1.0) {
            c[t == 0.0 ? 0 : n - 1] = 1.0;
            return c;
        }
        double binomial = 1.0;  // C(n-1, k), updated incrementally
        for (int k = 0; k < n; ++k) {
            c[k] = binomial * std::pow(t, k) * std::pow(1.0 - t, n - 1 - k);
            binomial = binomial * (n - 1 - k) / (k + 1);
        }
        return c;
    }
    // Polychain (and the 2-point line): on segment k the hats of k and k + 1
    // are 1 - s and s with s = t (n - 1) - k; written this way so that n = 2
    // gives exactly (1 - t, t).
    const double x = t * (n - 1);
    const int k = std::min(static_cast<int>(std::floor(x)), n - 2);
    const double s = x - k;
    c[k] = 1.0 - s;
    c[k + 1] = s;
    return c;
}

PathCurve::PathCurve(PathKind kind, std::vector<model::ParameterSet> points)
    : kind_(kind), points_(std::move(points)) {
    if (points_.size() < 2)
        throw InvalidArgument("path: a curve needs at least 2 control points");
    const auto& first = points_.front();
    for (std::size_t k = 1; k < points_.size(); ++k) {
        const auto& p = points_[k];
        if (p.size() != first.size())
            throw ShapeMismatch("path: control point " + std::to_string(k) + " has " +
                                std::to_string(p.size()) + " tensors, A has " +
                                std::to_string(first.size()));
        for (const auto& e : first.entries()) {
            const at::Tensor other = p.find(e.name);
            if (!other.defined())
                throw ShapeMismatch("path: control point " + std::to_string(k) + " lacks '" +
                                    e.name + "'");
            if (other.sizes() != e.tensor.sizes())
                throw ShapeMismatch("path: '" + e.name + "' differs in shape between A and point " +
                                    std::to_string(k));
        }
    }
}

PathCurve PathCurve::throughLine(PathKind kind, int bends, const model::ParameterSet& a,
                                 const model::ParameterSet& b) {
    const bool trained = isTrained(kind);
    const int n = trained ? bends : 2;
    if (n < 2)
        throw InvalidArgument("path: --bends must be at least 2 (got " + std::to_string(n) + ")");
    std::vector<model::ParameterSet> points;
    points.push_back(a);
    for (int k = 1; k < n - 1; ++k) {
        const double alpha = double(k) / (n - 1);
        model::ParameterSet p;
        for (const auto& e : a.entries()) {
            const at::Tensor& ta = e.tensor;
            if (!ta.is_floating_point()) {
                p.add(e.name, ta.clone(), e.role);
                continue;
            }
            const at::Tensor tb = b.at(e.name).to(ta.device(), ta.scalar_type());
            p.add(e.name, (ta * (1.0 - alpha) + tb * alpha).contiguous(), e.role);
        }
        points.push_back(std::move(p));
    }
    points.push_back(b);
    return PathCurve(kind, std::move(points));
}

model::ParameterSet PathCurve::weightsAt(double t) const {
    const std::vector<double> c = curveCoefficients(kind_, bends(), t);
    model::ParameterSet out;
    for (const auto& e : points_.front().entries()) {
        if (!e.tensor.is_floating_point()) {
            out.add(e.name, e.tensor.clone(), e.role);
            continue;
        }
        // The coefficients are non-negative and sum to 1: a 1 is the only term.
        at::Tensor sum;
        bool aliasesPoint = false;
        for (std::size_t k = 0; k < c.size(); ++k) {
            if (c[k] == 0.0)
                continue;
            const at::Tensor& p = points_[k].at(e.name);
            aliasesPoint = c[k] == 1.0;
            const at::Tensor term = aliasesPoint ? p : p * c[k];
            sum = sum.defined() ? sum + term : term;
        }
        if (aliasesPoint && e.role == model::TensorRole::Buffer)
            sum = sum.clone();
        out.add(e.name, sum, e.role);
    }
    return out;
}

}  // namespace modescape::connectivity
