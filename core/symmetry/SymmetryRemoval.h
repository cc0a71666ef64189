#pragma once
// Scaling then permutation removal of one weight set, with the numbers every
// result file records: L2 mass, minimal mass, excess mass, matching sweeps.

#include <cstdint>
#include <string>
#include <vector>

#include "core/model/ParameterSet.h"
#include "core/symmetry/PermutationRemoval.h"
#include "core/symmetry/ScalingRemoval.h"
#include "core/symmetry/SymmetrySpec.h"

namespace modescape::symmetry {

struct RemovalOptions {
    ScalingMethod scaling = ScalingMethod::None;
    PermutationMethod permutation = PermutationMethod::None;
    SortKey sortKey = SortKey::FirstWeight;
    // Member to match to (PermutationMethod::Match); empty = the set's first member.
    std::string reference;
    MatchingOptions matching;
    OptimalScalingOptions optimal;
    // Also solve for the minimal mass when scaling is not optimal (the
    // mass / minimal-mass panel needs it for every member).
    bool computeMinimalMass = true;
};

// Parses a word of kPermutationMethodWords, or "match:REF", into
// options.permutation and options.reference. Throws InvalidArgument otherwise.
void parsePermutationOption(const std::string& text, RemovalOptions& options);
// "scaling optimal, permutation match:seed0" (for result files and logs).
std::string describeRemoval(const RemovalOptions& options);

struct RemovalReport {
    double mass = 0;         // L2 mass before (parameters only)
    double minimalMass = 0;  // least mass over all scalings (== mass without scalable groups)
    double excessMass = 0;   // mass / minimalMass - 1
    double massAfter = 0;    // L2 mass of the result
    int scalingIterations = 0;
    int matchingSweeps = 0;
    bool matchingConverged = false;
    double matchingSimilarityBefore = 0;
    double matchingSimilarityAfter = 0;
};

struct RemovalResult {
    model::ParameterSet weights;  // float32 copy, transformed
    RemovalReport report;
};

// reference must be given for PermutationMethod::Match: the reference member
// with the same scaling removal already applied (throws InvalidArgument when
// missing). Throws ShapeMismatch when the weights do not fit the spec.
RemovalResult removeSymmetries(const model::ParameterSet& weights, const SymmetrySpec& spec,
                               const RemovalOptions& options,
                               const model::ParameterSet* reference = nullptr);

}  // namespace modescape::symmetry
