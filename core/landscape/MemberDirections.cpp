#include "core/landscape/MemberDirections.h"

#include <ATen/ATen.h>

#include <cmath>

#include "core/common/Error.h"
#include "core/landscape/RandomDirection.h"
#include "core/projection/Pca.h"

namespace modescape::landscape {

namespace {

double innerProduct(const at::Tensor& a, const at::Tensor& b) {
    return at::dot(a, b).item<double>();
}

}  // namespace

// The scope's tensors of set, flattened into one float64 vector, in order.
at::Tensor flatCovered(const model::ParameterSet& set, DirectionScope scope) {
    std::vector<at::Tensor> parts;
    for (const auto& e : set.entries())
        if (coveredByScope(e, scope))
            parts.push_back(e.tensor.reshape({-1}).to(at::kDouble));
    return parts.empty() ? at::zeros({0}, at::kDouble) : at::cat(parts);
}

model::ParameterSet unflatCovered(const at::Tensor& flat, const model::ParameterSet& like,
                                  DirectionScope scope) {
    model::ParameterSet out;
    std::int64_t offset = 0;
    for (const auto& e : like.entries()) {
        if (!coveredByScope(e, scope))
            continue;
        const auto n = e.tensor.numel();
        out.add(e.name, flat.narrow(0, offset, n).view(e.tensor.sizes()).to(at::kFloat).clone(),
                e.role);
        offset += n;
    }
    return out;
}

PlaneDirections planeThrough(const model::ParameterSet& a, const model::ParameterSet& b,
                             const model::ParameterSet& c, DirectionScope scope) {
    const auto fa = flatCovered(a, scope);
    const auto u = flatCovered(b, scope) - fa;
    const auto w = flatCovered(c, scope) - fa;
    const double uu = innerProduct(u, u);
    if (uu == 0.0)
        throw InvalidArgument("plane: members A and B are identical, so they span no direction");
    const double cx = innerProduct(w, u) / uu;
    const auto orth = w - cx * u;  // Gram-Schmidt
    const double orthNorm = std::sqrt(innerProduct(orth, orth));
    if (orthNorm <= 1e-12 * std::sqrt(uu))
        throw InvalidArgument("plane: member C lies on the line through A and B");
    const double scale = std::sqrt(uu) / orthNorm;  // ||v|| = ||u||
    PlaneDirections p;
    p.u = unflatCovered(u, a, scope);
    p.v = unflatCovered(orth * scale, a, scope);
    p.cx = cx;
    p.cy = 1.0 / scale;  // C - A = cx u + orth = cx u + (1 / scale) v
    return p;
}

model::ParameterSet lineBetween(const model::ParameterSet& a, const model::ParameterSet& b,
                                DirectionScope scope) {
    const auto d = flatCovered(b, scope) - flatCovered(a, scope);
    if (innerProduct(d, d) == 0.0)
        throw InvalidArgument("line: members A and B are identical");
    return unflatCovered(d, a, scope);
}

model::ParameterSet meanOf(const std::vector<model::ParameterSet>& sets) {
    if (sets.empty())
        throw InvalidArgument("mean of members: no members given");
    model::ParameterSet mean;
    for (const auto& e : sets.front().entries()) {
        if (!at::isFloatingType(e.tensor.scalar_type())) {
            mean.add(e.name, e.tensor.clone(), e.role);
            continue;
        }
        auto sum = e.tensor.to(at::kDouble).clone();
        for (std::size_t i = 1; i < sets.size(); ++i)
            sum += sets[i].at(e.name).to(at::kDouble);
        mean.add(e.name, (sum / static_cast<double>(sets.size())).to(at::kFloat), e.role);
    }
    return mean;
}

PcaDirections principalDirections(const std::vector<model::ParameterSet>& members,
                                  DirectionScope scope, const JobContext& job) {
    if (members.size() < 3)
        throw InvalidArgument(tooFewPcaMembers(members.size()));
    std::vector<at::Tensor> rows;
    for (const auto& m : members)
        rows.push_back(flatCovered(m, scope).to(at::kFloat));
    const projection::TensorBlockSource source(at::stack(rows));
    projection::PcaOptions options;
    options.components = 2;
    const auto result = projection::pca(source, options, job);
    const Eigen::MatrixXd v = projection::pcaComponents(source, result, job);
    auto column = [&](int j) {
        auto t = at::empty({v.rows()}, at::kDouble);
        Eigen::Map<Eigen::VectorXd>(t.data_ptr<double>(), v.rows()) = v.col(j);
        return unflatCovered(t, members.front(), scope);
    };
    PcaDirections d;
    d.first = column(0);
    if (v.cols() > 1)
        d.second = column(1);
    d.explainedVarianceRatio = result.explainedVarianceRatio;
    return d;
}

std::pair<double, double> coordinatesOf(const model::ParameterSet& p,
                                        const model::ParameterSet& origin,
                                        const model::ParameterSet& x,
                                        const model::ParameterSet& y) {
    // Directions cover only their own tensors; read p - origin on those.
    auto flatOn = [](const model::ParameterSet& set, const model::ParameterSet& names) {
        std::vector<at::Tensor> parts;
        for (const auto& e : names.entries()) {
            const auto t = set.find(e.name);
            parts.push_back(t.defined() ? t.reshape({-1}).to(at::kDouble)
                                        : at::zeros({e.tensor.numel()}, at::kDouble));
        }
        return parts.empty() ? at::zeros({0}, at::kDouble) : at::cat(parts);
    };
    const auto fx = flatOn(x, x);
    const auto delta = flatOn(p, x) - flatOn(origin, x);
    if (y.empty()) {
        const double xx = innerProduct(fx, fx);
        return {xx > 0 ? innerProduct(delta, fx) / xx : 0.0, 0.0};
    }
    const auto fy = flatOn(y, x);
    // 2 x 2 normal equations.
    const double xx = innerProduct(fx, fx), xy = innerProduct(fx, fy), yy = innerProduct(fy, fy);
    const double bx = innerProduct(delta, fx), by = innerProduct(delta, fy);
    const double det = xx * yy - xy * xy;
    if (det <= 0)
        return {0.0, 0.0};
    return {(bx * yy - by * xy) / det, (by * xx - bx * xy) / det};
}

}  // namespace modescape::landscape
