#pragma once
// The group actions on a weight set: permuting and rescaling the units of one
// symmetry group. Both leave the network's function unchanged (for scaling,
// when the group is scalable). Internal to core (LibTorch in the signatures).

#include <cstdint>
#include <vector>

#include "core/model/ParameterSet.h"
#include "core/symmetry/SymmetrySpec.h"

namespace modescape::symmetry {

// One permutation per group: perm[i] is the old unit that moves to position i.
using Permutation = std::vector<std::int64_t>;
// One positive factor per unit of a group.
using Scales = std::vector<double>;

// Throws InvalidArgument when perm is not a permutation of 0 .. size-1.
void permuteGroup(model::ParameterSet& weights, const SymmetryGroup& group,
                  const Permutation& perm);
// Out slices times lambda_i, In slices divided by lambda_i. Throws InvalidArgument
// for a wrong length, a non-positive factor or a group that is not scalable.
void scaleGroup(model::ParameterSet& weights, const SymmetryGroup& group, const Scales& lambda);

// A copy moved by a random element of the symmetry group: a uniform
// permutation of every group and, when withScaling, lambda = exp(N(0, logStd^2))
// on every scalable group. The permutations drawn come back through planted.
model::ParameterSet randomSymmetryImage(const model::ParameterSet& weights,
                                        const SymmetrySpec& spec, std::uint64_t seed,
                                        bool withScaling, double logStd = 0.5,
                                        std::vector<Permutation>* planted = nullptr);

// The slice of unit i along the group axis of ref, flattened: [size, rest].
at::Tensor unitRows(const at::Tensor& tensor, const AxisRef& ref, std::int64_t size);
// t with the group's units along ref reordered: unit i of the result is unit
// index[i] of t (entries outside the group's slice stay where they are).
at::Tensor permuteAlongAxis(const at::Tensor& t, const AxisRef& ref, std::int64_t size,
                            const at::Tensor& index);

}  // namespace modescape::symmetry
