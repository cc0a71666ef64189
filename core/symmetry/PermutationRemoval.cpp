#include "core/symmetry/PermutationRemoval.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>

#include "core/common/Error.h"
#include "core/projection/LinearAssignment.h"

namespace modescape::symmetry {

namespace {

// The axis whose slices give the sort key: the named key tensor, else the first Out or Stat axis.
const AxisRef& keyAxis(const SymmetryGroup& g) {
    for (const auto& ref : g.axes)
        if (g.keyTensor.empty() ? ref.role != AxisRole::In : ref.tensor == g.keyTensor)
            return ref;
    return g.axes.front();
}

Permutation identity(std::int64_t n) {
    Permutation p(n);
    std::iota(p.begin(), p.end(), 0);
    return p;
}

struct GroupAxis {
    std::size_t group;
    const AxisRef* ref;
};

// Every permuted axis of every tensor, so a tensor can be moved by all groups but one.
class AxisIndex {
  public:
    explicit AxisIndex(const SymmetrySpec& spec) : spec_(spec) {
        for (std::size_t g = 0; g < spec.groups.size(); ++g)
            for (const auto& ref : spec.groups[g].axes)
                byTensor_[ref.tensor].push_back({g, &ref});
    }

    // t with every group's current permutation applied except skipGroup's.
    at::Tensor permuted(const std::string& name, const at::Tensor& t,
                        const std::vector<Permutation>& perms, std::size_t skipGroup) const {
        at::Tensor out = t;
        for (const auto& ga : byTensor_.at(name)) {
            if (ga.group == skipGroup)
                continue;
            const at::Tensor index =
                at::tensor(at::ArrayRef<std::int64_t>(perms[ga.group]), at::kLong);
            out = permuteAlongAxis(out, *ga.ref, spec_.groups[ga.group].size, index);
        }
        return out;
    }

    std::vector<std::string> tensors() const {
        std::vector<std::string> names;
        for (const auto& [name, axes] : byTensor_)
            names.push_back(name);
        return names;
    }

  private:
    const SymmetrySpec& spec_;
    std::map<std::string, std::vector<GroupAxis>> byTensor_;
};

constexpr std::size_t kNoGroup = static_cast<std::size_t>(-1);

bool isParameter(const model::ParameterSet& set, const std::string& name) {
    for (const auto& e : set.entries())
        if (e.name == name)
            return e.role == model::TensorRole::Parameter && e.tensor.is_floating_point();
    return false;
}

Eigen::MatrixXd toEigen(const at::Tensor& a) {
    const at::Tensor c = a.to(at::kDouble).contiguous();
    return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        c.data_ptr<double>(), c.size(0), c.size(1));
}

}  // namespace

SortKey parseSortKey(const std::string& text) {
    return parseWord(text, kSortKeyWords, "sort key");
}

const char* sortKeyName(SortKey key) {
    return wordOf(key, kSortKeyWords);
}

const char* permutationMethodName(PermutationMethod method) {
    return wordOf(method, kPermutationMethodWords);
}

std::vector<Permutation> sortUnits(model::ParameterSet& weights, const SymmetrySpec& spec,
                                   SortKey key) {
    std::vector<Permutation> applied;
    for (const auto& g : spec.groups) {
        const AxisRef& ref = keyAxis(g);
        const at::Tensor rows = unitRows(weights.at(ref.tensor), ref, g.size).to(at::kDouble);
        at::Tensor values;
        switch (key) {
            case SortKey::FirstWeight:
                values = rows.select(1, 0);
                break;
            case SortKey::Mean:
                values = rows.mean(1);
                break;
            case SortKey::L2Norm:
                values = rows.square().sum(1);
                break;
        }
        values = values.contiguous();
        const at::Tensor whole = rows.contiguous();
        const double* v = values.data_ptr<double>();
        const double* r = whole.data_ptr<double>();
        const std::int64_t width = whole.size(1);
        // Ties (common in float16 checkpoints) are broken by the whole slice,
        // compared lexicographically, so the order stays canonical.
        auto before = [&](std::int64_t a, std::int64_t b) {
            if (v[a] != v[b])
                return v[a] > v[b];
            return std::lexicographical_compare(r + b * width, r + (b + 1) * width, r + a * width,
                                                r + (a + 1) * width);
        };
        Permutation perm = identity(g.size);
        std::stable_sort(perm.begin(), perm.end(), before);
        permuteGroup(weights, g, perm);
        applied.push_back(std::move(perm));
    }
    return applied;
}

MatchingResult matchWeights(model::ParameterSet& weights, const model::ParameterSet& reference,
                            const SymmetrySpec& spec, const MatchingOptions& options) {
    for (const auto& e : reference.entries())
        if (!weights.contains(e.name) || !weights.at(e.name).sizes().equals(e.tensor.sizes()))
            throw ShapeMismatch("weight matching: tensor '" + e.name +
                                "' differs between the member and the reference");
    const AxisIndex index(spec);
    std::vector<Permutation> perms;
    for (const auto& g : spec.groups)
        perms.push_back(identity(g.size));

    auto similarity = [&] {
        double s = 0;
        for (const auto& name : index.tensors())
            if (isParameter(reference, name))
                s +=
                    at::sum(reference.at(name).to(at::kDouble) *
                            index.permuted(name, weights.at(name), perms, kNoGroup).to(at::kDouble))
                        .item<double>();
        return s;
    };

    MatchingResult result;
    result.similarityBefore = similarity();
    std::vector<std::size_t> order(spec.groups.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(options.seed);
    while (result.sweeps < options.maxSweeps) {
        ++result.sweeps;
        bool improved = false;
        std::shuffle(order.begin(), order.end(), rng);
        for (std::size_t p : order) {
            const auto& g = spec.groups[p];
            at::Tensor a = at::zeros({g.size, g.size}, at::kDouble);
            for (const auto& ref : g.axes) {
                if (!isParameter(reference, ref.tensor))
                    continue;
                const at::Tensor other =
                    index.permuted(ref.tensor, weights.at(ref.tensor), perms, p);
                a += at::mm(unitRows(reference.at(ref.tensor), ref, g.size).to(at::kDouble),
                            unitRows(other, ref, g.size).to(at::kDouble).t());
            }
            const Eigen::MatrixXd score = toEigen(a);
            double before = 0;
            for (std::int64_t i = 0; i < g.size; ++i)
                before += score(i, perms[p][i]);
            const auto assignment = projection::maximiseAssignment(score);
            if (assignment.total > before + options.tolerance) {
                perms[p].assign(assignment.columnOfRow.begin(), assignment.columnOfRow.end());
                improved = true;
            }
        }
        if (!improved) {
            result.converged = true;
            break;
        }
    }
    result.similarityAfter = similarity();
    for (std::size_t g = 0; g < spec.groups.size(); ++g)
        permuteGroup(weights, spec.groups[g], perms[g]);
    result.permutations = std::move(perms);
    return result;
}

}  // namespace modescape::symmetry
