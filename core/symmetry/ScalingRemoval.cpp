#include "core/symmetry/ScalingRemoval.h"

#include <ATen/ATen.h>

#include <cmath>
#include <map>

#include "core/common/Error.h"

namespace modescape::symmetry {

namespace {

// The mass one parameter tensor contributes as a function of the log-scales:
// sum_ij M_ij exp(2 l[rows_i] - 2 l[cols_j]), M the squares summed over every
// axis but the scaled ones and over the entries of one unit ([R, C]). rows / cols
// give each row / column its variable; index `variables` is a log-scale pinned
// at 0 (entries of no scalable group, or a tensor without an Out / In axis).
struct MassTerm {
    at::Tensor m;           // float64 [R, C]
    at::Tensor rows, cols;  // int64 [R], [C]
};

// The scaled slices of one axis of a tensor: (offset, size, block, first variable).
struct ScaledAxis {
    int axis = -1;
    struct Slice {
        std::int64_t offset, size, block, variable;
    };
    std::vector<Slice> slices;
};

// Each entry's variable along the axis (pinned for entries outside every slice),
// compressed to the distinct variables: returns them and each entry's position.
std::pair<std::vector<std::int64_t>, std::vector<std::int64_t>> entryVariables(
    const ScaledAxis& a, std::int64_t length, std::int64_t pinned) {
    std::vector<std::int64_t> variable(length, pinned);
    for (const auto& s : a.slices)
        for (std::int64_t u = 0; u < s.size; ++u)
            for (std::int64_t k = 0; k < s.block; ++k)
                variable[s.offset + u * s.block + k] = s.variable + u;
    std::map<std::int64_t, std::int64_t> position;
    for (auto v : variable)
        position.emplace(v, 0);
    std::vector<std::int64_t> distinct;
    for (auto& [v, p] : position) {
        p = std::int64_t(distinct.size());
        distinct.push_back(v);
    }
    std::vector<std::int64_t> slot(length);
    for (std::int64_t e = 0; e < length; ++e)
        slot[e] = position.at(variable[e]);
    return {distinct, slot};
}

at::Tensor longTensor(const std::vector<std::int64_t>& v) {
    return at::tensor(at::ArrayRef<std::int64_t>(v), at::kLong);
}

MassTerm massTerm(const at::Tensor& w, const ScaledAxis& out, const ScaledAxis& in,
                  std::int64_t pinned) {
    at::Tensor sq = w.to(at::kDouble).square();
    std::vector<std::int64_t> order;
    if (out.axis >= 0)
        order.push_back(out.axis);
    if (in.axis >= 0)
        order.push_back(in.axis);
    for (int d = 0; d < sq.dim(); ++d)
        if (d != out.axis && d != in.axis)
            order.push_back(d);
    const std::int64_t rows = out.axis >= 0 ? w.size(out.axis) : 1;
    const std::int64_t cols = in.axis >= 0 ? w.size(in.axis) : 1;
    sq = sq.permute(order).reshape({rows, cols, -1}).sum(2);
    const auto [rowVars, rowSlot] = entryVariables(out, rows, pinned);
    const auto [colVars, colSlot] = entryVariables(in, cols, pinned);
    MassTerm term;
    term.m = at::zeros({std::int64_t(rowVars.size()), cols}, at::kDouble)
                 .index_add_(0, longTensor(rowSlot), sq);
    term.m = at::zeros({std::int64_t(rowVars.size()), std::int64_t(colVars.size())}, at::kDouble)
                 .index_add_(1, longTensor(colSlot), term.m);
    term.rows = longTensor(rowVars);
    term.cols = longTensor(colVars);
    return term;
}

class MassObjective {
  public:
    MassObjective(const model::ParameterSet& weights, const SymmetrySpec& spec) {
        std::map<std::string, std::pair<ScaledAxis, ScaledAxis>> axes;
        for (const auto& g : spec.groups) {
            if (g.scalable) {
                offsets_.push_back(variables_);
                for (const auto& ref : g.axes) {
                    if (ref.role == AxisRole::Stat)
                        continue;
                    auto& pair = axes[ref.tensor];
                    ScaledAxis& a = ref.role == AxisRole::Out ? pair.first : pair.second;
                    if (a.axis >= 0 && a.axis != ref.axis)
                        throw InvalidArgument("symmetry spec: tensor '" + ref.tensor +
                                              "' is scaled along two axes in one role");
                    a.axis = ref.axis;
                    a.slices.push_back({ref.offset, g.size, ref.block, variables_});
                }
                variables_ += g.size;
            } else {
                offsets_.push_back(-1);
            }
        }
        for (const auto& e : weights.entries()) {
            if (e.role != model::TensorRole::Parameter || !e.tensor.is_floating_point())
                continue;
            auto it = axes.find(e.name);
            if (it == axes.end())
                continue;
            if (it->second.first.axis >= 0 && it->second.first.axis == it->second.second.axis)
                throw InvalidArgument("symmetry spec: tensor '" + e.name +
                                      "' has 'out' and 'in' slices along one axis");
            terms_.push_back(massTerm(e.tensor, it->second.first, it->second.second, variables_));
        }
    }

    std::int64_t variables() const { return variables_; }
    const std::vector<std::int64_t>& offsets() const { return offsets_; }

    // Mass of the scaled tensors at l; caches the weighted terms for gradient / Hv.
    double evaluate(const at::Tensor& l) {
        const at::Tensor lx = pinned(l);
        double f = 0;
        e_.clear();
        for (const auto& t : terms_) {
            const at::Tensor factor = t.m * at::exp(2 * lx.index_select(0, t.rows)).unsqueeze(1) *
                                      at::exp(-2 * lx.index_select(0, t.cols)).unsqueeze(0);
            e_.push_back(factor);
            f += factor.sum().item<double>();
        }
        return f;
    }

    // Gradient and Hessian diagonal at the last evaluate().
    void gradient(at::Tensor& g, at::Tensor& diagonal) const {
        at::Tensor gx = at::zeros({variables_ + 1}, at::kDouble);
        at::Tensor dx = at::zeros({variables_ + 1}, at::kDouble);
        for (std::size_t k = 0; k < terms_.size(); ++k) {
            const auto& t = terms_[k];
            const at::Tensor rows = e_[k].sum(1), cols = e_[k].sum(0);
            gx.index_add_(0, t.rows, 2 * rows).index_add_(0, t.cols, -2 * cols);
            dx.index_add_(0, t.rows, 4 * rows).index_add_(0, t.cols, 4 * cols);
        }
        g = gx.narrow(0, 0, variables_);
        diagonal = dx.narrow(0, 0, variables_);
    }

    // Exact Hessian times v at the last evaluate().
    at::Tensor hessianTimes(const at::Tensor& v) const {
        const at::Tensor vx = pinned(v);
        at::Tensor out = at::zeros({variables_ + 1}, at::kDouble);
        for (std::size_t k = 0; k < terms_.size(); ++k) {
            const auto& t = terms_[k];
            const at::Tensor& e = e_[k];
            const at::Tensor vr = vx.index_select(0, t.rows);
            const at::Tensor vc = vx.index_select(0, t.cols);
            out.index_add_(0, t.rows, 4 * (e.sum(1) * vr - at::mv(e, vc)));
            out.index_add_(0, t.cols, 4 * (e.sum(0) * vc - at::mv(e.t(), vr)));
        }
        return out.narrow(0, 0, variables_);
    }

  private:
    // v with the pinned variable (always 0) appended.
    at::Tensor pinned(const at::Tensor& v) const {
        return at::cat({v, at::zeros({1}, at::kDouble)});
    }

    std::vector<MassTerm> terms_;
    std::vector<at::Tensor> e_;
    std::vector<std::int64_t> offsets_;
    std::int64_t variables_ = 0;
};

double dotProduct(const at::Tensor& a, const at::Tensor& b) {
    return at::dot(a, b).item<double>();
}

// Preconditioned conjugate gradients on (H + ridge I) d = -g, to relative residual eta.
at::Tensor newtonDirection(const MassObjective& objective, const at::Tensor& g,
                           const at::Tensor& diagonal, double ridge, double eta) {
    const at::Tensor precond = (diagonal + ridge).reciprocal();
    at::Tensor d = at::zeros_like(g);
    at::Tensor r = -g;
    at::Tensor z = r * precond;
    at::Tensor p = z.clone();
    double rz = dotProduct(r, z);
    const double target = eta * std::sqrt(dotProduct(g, g));
    const std::int64_t maxIterations = std::min<std::int64_t>(1000, 4 * g.size(0) + 10);
    for (std::int64_t k = 0; k < maxIterations && std::sqrt(dotProduct(r, r)) > target; ++k) {
        const at::Tensor hp = objective.hessianTimes(p) + ridge * p;
        const double curvature = dotProduct(p, hp);
        if (!(curvature > 0))
            break;
        const double alpha = rz / curvature;
        d.add_(alpha * p);
        r.sub_(alpha * hp);
        z = r * precond;
        const double rzNext = dotProduct(r, z);
        p = z + (rzNext / rz) * p;
        rz = rzNext;
    }
    if (dotProduct(d, g) >= 0)  // never a non-descent step: fall back to the scaled gradient
        d = -g * precond;
    return d;
}

}  // namespace

ScalingMethod parseScalingMethod(const std::string& text) {
    return parseWord(text, kScalingMethodWords, "scaling removal");
}

const char* scalingMethodName(ScalingMethod method) {
    return wordOf(method, kScalingMethodWords);
}

double l2Mass(const model::ParameterSet& weights) {
    double mass = 0;
    for (const auto& e : weights.entries())
        if (e.role == model::TensorRole::Parameter && e.tensor.is_floating_point())
            mass += e.tensor.to(at::kDouble).square().sum().item<double>();
    return mass;
}

OptimalScaling optimalScaling(const model::ParameterSet& weights, const SymmetrySpec& spec,
                              const OptimalScalingOptions& options) {
    OptimalScaling result;
    result.mass = l2Mass(weights);
    MassObjective objective(weights, spec);
    at::Tensor l = at::zeros({objective.variables()}, at::kDouble);
    double f = objective.evaluate(l);
    const double untouched = result.mass - f;
    if (objective.variables() > 0) {
        at::Tensor g, diagonal;
        for (; result.iterations < options.maxNewtonIterations; ++result.iterations) {
            objective.gradient(g, diagonal);
            const double ridge = 1e-12 * (diagonal.mean().item<double>() + 1e-300);
            const double eta = std::min(0.5, std::sqrt(std::sqrt(dotProduct(g, g)) / f));
            const at::Tensor d = newtonDirection(objective, g, diagonal, ridge, eta);
            const double slope = dotProduct(g, d);
            if (-slope / 2 <= options.relativeTolerance * f) {
                // Converged: the last Newton step is tiny, but it squares the error away.
                const at::Tensor next = l + d;
                const double fNext = objective.evaluate(next);
                if (fNext <= f) {
                    l = next;
                    f = fNext;
                }
                result.converged = true;
                break;
            }
            // Armijo backtracking; the objective is convex, so a step always exists.
            double step = 1;
            double fNext = f;
            at::Tensor next;
            for (int k = 0; k < 60; ++k, step /= 2) {
                next = l + step * d;
                fNext = objective.evaluate(next);
                if (fNext <= f + 1e-4 * step * slope)
                    break;
            }
            if (!(fNext < f)) {  // no decrease left at float64 precision
                objective.evaluate(l);
                result.converged = true;
                break;
            }
            l = next;
            f = fNext;
        }
    } else {
        result.converged = true;
    }
    result.minimalMass = untouched + f;
    const at::Tensor lambda = at::exp(l).contiguous();
    const double* data = lambda.data_ptr<double>();
    for (std::size_t i = 0; i < spec.groups.size(); ++i) {
        const std::int64_t offset = objective.offsets()[i];
        if (offset < 0)
            result.scales.emplace_back();
        else
            result.scales.emplace_back(data + offset, data + offset + spec.groups[i].size);
    }
    return result;
}

std::vector<Scales> removeScaling(model::ParameterSet& weights, const SymmetrySpec& spec,
                                  ScalingMethod method, const OptimalScalingOptions& options) {
    std::vector<Scales> applied(spec.groups.size());
    if (method == ScalingMethod::Optimal) {
        applied = optimalScaling(weights, spec, options).scales;
        for (std::size_t i = 0; i < spec.groups.size(); ++i)
            if (!applied[i].empty())
                scaleGroup(weights, spec.groups[i], applied[i]);
    } else if (method == ScalingMethod::UnitNorm) {
        // In forward order, so each group's incoming weights already carry the
        // previous groups' factors.
        for (std::size_t i = 0; i < spec.groups.size(); ++i) {
            const auto& g = spec.groups[i];
            if (!g.scalable)
                continue;
            at::Tensor squares = at::zeros({g.size}, at::kDouble);
            for (const auto& ref : g.axes)
                if (ref.role == AxisRole::Out)
                    squares += unitRows(weights.at(ref.tensor), ref, g.size)
                                   .to(at::kDouble)
                                   .square()
                                   .sum(1);
            const at::Tensor norms = squares.sqrt().contiguous();
            Scales lambda(g.size);
            for (std::int64_t u = 0; u < g.size; ++u) {
                const double n = norms.data_ptr<double>()[u];
                lambda[u] = n > 0 ? 1.0 / n : 1.0;  // a dead unit keeps its scale
            }
            scaleGroup(weights, g, lambda);
            applied[i] = std::move(lambda);
        }
    }
    return applied;
}

}  // namespace modescape::symmetry
