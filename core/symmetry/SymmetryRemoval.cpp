#include "core/symmetry/SymmetryRemoval.h"

#include <ATen/ATen.h>

#include "core/common/Error.h"

namespace modescape::symmetry {

void parsePermutationOption(const std::string& text, RemovalOptions& options) {
    const auto colon = text.find(':');
    const PermutationMethod method =
        parseWord(text.substr(0, colon), kPermutationMethodWords, "permutation removal");
    if (colon != std::string::npos && method != PermutationMethod::Match)
        throw InvalidArgument("permutation removal '" + text +
                              "': only match names a member (match:MEMBER)");
    options.permutation = method;
    if (method == PermutationMethod::Match)
        options.reference = colon == std::string::npos ? "" : text.substr(colon + 1);
}

std::string describeRemoval(const RemovalOptions& options) {
    std::string s = std::string("scaling ") + scalingMethodName(options.scaling) +
                    ", permutation " + permutationMethodName(options.permutation);
    if (options.permutation == PermutationMethod::Sort)
        s += std::string(" (key ") + sortKeyName(options.sortKey) + ")";
    if (options.permutation == PermutationMethod::Match && !options.reference.empty())
        s += ":" + options.reference;
    return s;
}

RemovalResult removeSymmetries(const model::ParameterSet& weights, const SymmetrySpec& spec,
                               const RemovalOptions& options,
                               const model::ParameterSet* reference) {
    if (options.permutation == PermutationMethod::Match && !reference)
        throw InvalidArgument("weight matching needs a reference member");
    RemovalResult result;
    result.weights = weights.to(at::kFloat).clone();
    RemovalReport& r = result.report;

    if (options.scaling == ScalingMethod::Optimal || options.computeMinimalMass) {
        const OptimalScaling optimal = optimalScaling(result.weights, spec, options.optimal);
        r.mass = optimal.mass;
        r.minimalMass = optimal.minimalMass;
        r.scalingIterations = optimal.iterations;
        if (options.scaling == ScalingMethod::Optimal)
            for (std::size_t i = 0; i < spec.groups.size(); ++i)
                if (!optimal.scales[i].empty())
                    scaleGroup(result.weights, spec.groups[i], optimal.scales[i]);
    } else {
        r.mass = r.minimalMass = l2Mass(result.weights);
    }
    r.excessMass = r.minimalMass > 0 ? r.mass / r.minimalMass - 1 : 0;
    if (options.scaling == ScalingMethod::UnitNorm)
        removeScaling(result.weights, spec, ScalingMethod::UnitNorm);

    if (options.permutation == PermutationMethod::Sort) {
        sortUnits(result.weights, spec, options.sortKey);
    } else if (options.permutation == PermutationMethod::Match) {
        const MatchingResult m =
            matchWeights(result.weights, reference->to(at::kFloat), spec, options.matching);
        r.matchingSweeps = m.sweeps;
        r.matchingConverged = m.converged;
        r.matchingSimilarityBefore = m.similarityBefore;
        r.matchingSimilarityAfter = m.similarityAfter;
    }
    r.massAfter = l2Mass(result.weights);
    return result;
}

}  // namespace modescape::symmetry
