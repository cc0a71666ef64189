#pragma once
// The weight space a map or an MMD is computed in: raw weights, after scaling
// removal, or after scaling and permutation removal; and the members of a set
// flattened in that space.

#include <string>
#include <vector>

#include "core/common/WordTable.h"
#include "core/jobs/Progress.h"
#include "core/symmetry/LayerSelection.h"
#include "core/symmetry/SymmetryRemoval.h"

namespace at {
class Tensor;
}
namespace modescape::evaluation {
class LoadedSet;
}

namespace modescape::symmetry {

enum class WeightSpace { Raw, Scaling, ScalingPermutation };
// The names results and result files give the space.
inline constexpr WordTable<WeightSpace, 3> kWeightSpaceWords{
    {{"raw", WeightSpace::Raw},
     {"scaling", WeightSpace::Scaling},
     {"scaling+permutation", WeightSpace::ScalingPermutation}}};
// The words the user picks the space by (`--symmetry`, the map's switch).
inline constexpr WordTable<WeightSpace, 3> kSymmetryRemovedWords{
    {{"none", WeightSpace::Raw},
     {"scale", WeightSpace::Scaling},
     {"scale+perm", WeightSpace::ScalingPermutation}}};
// A word of kWeightSpaceWords; throws InvalidArgument otherwise.
WeightSpace parseWeightSpace(const std::string& text);
const char* weightSpaceName(WeightSpace space);

struct SpaceOptions {
    WeightSpace space = WeightSpace::Raw;
    // The methods the space uses (defaults: optimal scaling, canonical sorting).
    ScalingMethod scaling = ScalingMethod::Optimal;
    PermutationMethod permutation = PermutationMethod::Sort;
    SortKey sortKey = SortKey::FirstWeight;
    std::string reference;  // for PermutationMethod::Match; empty = first member
    std::string specPath;   // see symmetrySpecForSet
    LayerSelection layers;  // what is flattened, after the removal
};

// The removal options the space implies (none / scaling / scaling + permutation).
RemovalOptions removalFor(const SpaceOptions& options);
// "raw" or "scaling+permutation (scaling optimal, permutation sort)", with the
// layer selection when it is not every parameter.
std::string describeSpace(const SpaceOptions& options);

// Every member of the set, symmetry-removed as the space says, then the
// tensors options.layers selects flattened, as float32 rows [N, D] held in
// memory (4 N D bytes, checked against the memory budget). For small sets and
// tests: whole-set computations stream SetMemberRows instead. Progress per
// member, cancellable.
// names/groups receive the members in order.
at::Tensor flattenMembers(const evaluation::LoadedSet& set, const SpaceOptions& options,
                          const JobContext& context, std::vector<std::string>& names,
                          std::vector<std::string>& groups);

}  // namespace modescape::symmetry
