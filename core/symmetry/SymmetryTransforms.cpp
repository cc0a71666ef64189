#include "core/symmetry/SymmetryTransforms.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "core/common/Error.h"

namespace modescape::symmetry {

namespace {

// The part of t along ref's axis that the group owns (all of it unless a slice).
at::Tensor groupSlice(const at::Tensor& t, const AxisRef& ref, std::int64_t size) {
    return t.narrow(ref.axis, ref.offset, size * ref.block);
}

// t with its group slice replaced by part (t itself when the slice is the whole axis).
at::Tensor withSlice(const at::Tensor& t, const AxisRef& ref, const at::Tensor& part) {
    if (part.size(ref.axis) == t.size(ref.axis))
        return part;
    at::Tensor out = t.clone();
    out.narrow(ref.axis, ref.offset, part.size(ref.axis)).copy_(part);
    return out;
}

// factor [size] repeated per block, 1 outside the group's slice, shaped to
// broadcast along ref.axis of t.
at::Tensor alongAxis(const at::Tensor& factor, const at::Tensor& t, const AxisRef& ref) {
    std::vector<std::int64_t> shape(t.dim(), 1);
    shape[ref.axis] = t.size(ref.axis);
    at::Tensor full = at::ones({t.size(ref.axis)}, factor.options());
    full.narrow(0, ref.offset, factor.size(0) * ref.block)
        .copy_(factor.repeat_interleave(ref.block));
    return full.to(t.scalar_type()).reshape(shape);
}

}  // namespace

at::Tensor unitRows(const at::Tensor& tensor, const AxisRef& ref, std::int64_t size) {
    return groupSlice(tensor, ref, size).movedim(ref.axis, 0).reshape({size, -1});
}

at::Tensor permuteAlongAxis(const at::Tensor& t, const AxisRef& ref, std::int64_t size,
                            const at::Tensor& index) {
    const at::Tensor part = groupSlice(t, ref, size);
    std::vector<std::int64_t> shape(part.sizes().begin(), part.sizes().end());
    shape[ref.axis] = size;
    shape.insert(shape.begin() + ref.axis + 1, ref.block);
    const at::Tensor moved =
        part.reshape(shape).index_select(ref.axis, index.to(t.device())).reshape(part.sizes());
    return withSlice(t, ref, moved);
}

void permuteGroup(model::ParameterSet& weights, const SymmetryGroup& group,
                  const Permutation& perm) {
    if (static_cast<std::int64_t>(perm.size()) != group.size)
        throw InvalidArgument("symmetry group '" + group.name + "': permutation of length " +
                              std::to_string(perm.size()) + ", expected " +
                              std::to_string(group.size));
    std::vector<char> seen(perm.size(), 0);
    for (auto p : perm) {
        if (p < 0 || p >= group.size || seen[p])
            throw InvalidArgument("symmetry group '" + group.name + "': not a permutation");
        seen[p] = 1;
    }
    const at::Tensor index = at::tensor(at::ArrayRef<std::int64_t>(perm), at::kLong);
    for (const auto& ref : group.axes)
        weights.set(ref.tensor, permuteAlongAxis(weights.at(ref.tensor), ref, group.size, index));
}

void scaleGroup(model::ParameterSet& weights, const SymmetryGroup& group, const Scales& lambda) {
    if (!group.scalable)
        throw InvalidArgument("symmetry group '" + group.name + "' has no scaling symmetry");
    if (static_cast<std::int64_t>(lambda.size()) != group.size)
        throw InvalidArgument("symmetry group '" + group.name +
                              "': " + std::to_string(lambda.size()) + " scales, expected " +
                              std::to_string(group.size));
    for (double l : lambda)
        if (!(l > 0) || !std::isfinite(l))
            throw InvalidArgument("symmetry group '" + group.name + "': scales must be positive");
    const at::Tensor up = at::tensor(at::ArrayRef<double>(lambda), at::kDouble);
    for (const auto& ref : group.axes) {
        if (ref.role == AxisRole::Stat)
            continue;
        const at::Tensor t = weights.at(ref.tensor);
        const at::Tensor factor = ref.role == AxisRole::Out ? up : up.reciprocal();
        weights.set(ref.tensor, t * alongAxis(factor.to(t.device()), t, ref));
    }
}

model::ParameterSet randomSymmetryImage(const model::ParameterSet& weights,
                                        const SymmetrySpec& spec, std::uint64_t seed,
                                        bool withScaling, double logStd,
                                        std::vector<Permutation>* planted) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, logStd);
    model::ParameterSet out = weights.clone();
    if (planted)
        planted->clear();
    for (const auto& g : spec.groups) {
        Permutation perm(g.size);
        std::iota(perm.begin(), perm.end(), 0);
        std::shuffle(perm.begin(), perm.end(), rng);
        permuteGroup(out, g, perm);
        if (planted)
            planted->push_back(perm);
        if (withScaling && g.scalable) {
            Scales lambda(g.size);
            for (auto& l : lambda)
                l = std::exp(normal(rng));
            scaleGroup(out, g, lambda);
        }
    }
    return out;
}

}  // namespace modescape::symmetry
