#include "core/symmetry/WeightSpace.h"

#include <ATen/ATen.h>

#include "core/common/Error.h"
#include "core/common/MemoryBudget.h"
#include "core/evaluation/LoadedSet.h"
#include "core/symmetry/SetMemberRows.h"

namespace modescape::symmetry {

WeightSpace parseWeightSpace(const std::string& text) {
    return parseWord(text, kWeightSpaceWords, "weight space");
}

const char* weightSpaceName(WeightSpace space) {
    return wordOf(space, kWeightSpaceWords);
}

RemovalOptions removalFor(const SpaceOptions& options) {
    RemovalOptions r;
    r.computeMinimalMass = false;
    r.sortKey = options.sortKey;
    r.reference = options.reference;
    if (options.space != WeightSpace::Raw)
        r.scaling = options.scaling;
    if (options.space == WeightSpace::ScalingPermutation)
        r.permutation = options.permutation;
    return r;
}

std::string describeSpace(const SpaceOptions& options) {
    std::string text = options.space == WeightSpace::Raw
                           ? std::string("raw")
                           : std::string(weightSpaceName(options.space)) + " (" +
                                 describeRemoval(removalFor(options)) + ")";
    if (!options.layers.selectsEverything() || options.layers.includeBuffers)
        text += "; " + describeSelection(options.layers);
    return text;
}

at::Tensor flattenMembers(const evaluation::LoadedSet& set, const SpaceOptions& options,
                          const JobContext& context, std::vector<std::string>& names,
                          std::vector<std::string>& groups) {
    const SetMemberRows source(set, options);
    const auto& members = set.set().members;
    requireMemory(4.0 * double(source.memberCount()) * double(source.parameterCount()),
                  "the " + std::to_string(members.size()) + " flattened members");
    at::Tensor rows = at::empty({source.memberCount(), source.parameterCount()}, at::kFloat);
    names.clear();
    groups.clear();
    source.read(
        0,
        [&](int64_t i, const at::Tensor& row) {
            context.report(double(i) / double(members.size()),
                           "reading " + members[std::size_t(i)].name);
            rows[i].copy_(row);
            names.push_back(members[std::size_t(i)].name);
            groups.push_back(members[std::size_t(i)].group);
        },
        context);
    return rows;
}

}  // namespace modescape::symmetry
