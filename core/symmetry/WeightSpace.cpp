#include "core/symmetry/WeightSpace.h"

#include <ATen/ATen.h>

#include <optional>

#include "core/common/Error.h"
#include "core/evaluation/LoadedSet.h"
#include "core/symmetry/SetSymmetry.h"

namespace modescape::symmetry {

WeightSpace parseWeightSpace(const std::string& text) {
    if (text == "raw")
        return WeightSpace::Raw;
    if (text == "scaling")
        return WeightSpace::Scaling;
    if (text == "scaling+permutation")
        return WeightSpace::ScalingPermutation;
    throw InvalidArgument("unknown weight space '" + text +
                          "' (use raw, scaling or scaling+permutation)");
}

const char* weightSpaceName(WeightSpace space) {
    switch (space) {
        case WeightSpace::Raw:
            return "raw";
        case WeightSpace::Scaling:
            return "scaling";
        case WeightSpace::ScalingPermutation:
            return "scaling+permutation";
    }
    return "?";
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
    RemovalOptions removal = removalFor(options);
    std::optional<SymmetrySpec> spec;
    if (options.space != WeightSpace::Raw) {
        if (!set.namesModel())
            throw InvalidArgument(set.set().folder + ": removing symmetries (" +
                                  describeSpace(options) +
                                  ") needs the set's model, and the set names none; add a "
                                  "\"model\" to modescape.json, or map the raw weights "
                                  "(--symmetry none)");
        spec = symmetrySpecForSet(set, options.specPath);
    }
    const auto& members = set.set().members;
    model::ParameterSet reference;
    if (spec && removal.permutation == PermutationMethod::Match) {
        if (removal.reference.empty())
            removal.reference = members.front().name;
        if (!set.set().findMember(removal.reference))
            throw InvalidArgument(set.set().folder + ": no member named '" + removal.reference +
                                  "' to match to");
        RemovalOptions scalingOnly = removal;
        scalingOnly.permutation = PermutationMethod::None;
        reference = removeSymmetries(set.weights(removal.reference), *spec, scalingOnly).weights;
    }
    names.clear();
    groups.clear();
    at::Tensor rows;
    std::vector<std::string> kept;
    for (std::size_t i = 0; i < members.size(); ++i) {
        context.checkCancelled();
        context.report(double(i) / members.size(), "reading " + members[i].name);
        model::ParameterSet w = set.weights(members[i].name);
        if (spec)
            w = removeSymmetries(w, *spec, removal, reference.empty() ? nullptr : &reference)
                    .weights;
        if (kept.empty())
            kept = selectTensors(w, options.layers);  // same names for every member
        const at::Tensor flat = flattenSelected(w, kept);
        if (!rows.defined())
            rows = at::empty({static_cast<std::int64_t>(members.size()), flat.numel()}, at::kFloat);
        rows[static_cast<std::int64_t>(i)].copy_(flat);
        names.push_back(members[i].name);
        groups.push_back(members[i].group);
    }
    return rows;
}

}  // namespace modescape::symmetry
