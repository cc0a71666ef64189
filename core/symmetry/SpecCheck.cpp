// The function check of a symmetry spec (SpecInference.h): the model's
// outputs must not move under a random element of the spec's group.
#include <cmath>
#include <cstdio>

#include "core/common/Error.h"
#include "core/symmetry/FunctionCheck.h"
#include "core/symmetry/SpecInference.h"
#include "core/symmetry/SymmetryTransforms.h"

namespace modescape::symmetry {

namespace {

std::string scientific(double x) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2g", x);
    return text;
}

bool within(double difference, double tolerance) {
    return std::isfinite(difference) && difference <= tolerance;
}

}  // namespace

SpecCheck checkInferredSpec(const model::Model& model, const model::ParameterSet& weights,
                            const SymmetrySpec& spec, const std::vector<std::int64_t>& inputShape,
                            std::uint64_t seed, double tolerance) {
    if (inputShape.empty())
        throw InvalidArgument(
            "the symmetry spec check needs the shape of one input sample (the "
            "set's test data, or input_shape in the spec)");
    SpecCheck check;
    check.tolerance = tolerance;
    check.inputShape = inputShape;
    check.seed = seed;
    const at::Tensor x = randomInputs(inputShape, check.samples, seed);
    const auto moved = randomSymmetryImage(weights, spec, seed + 1, /*withScaling=*/true);
    check.difference = relativeOutputDifference(model, weights, moved, x);
    check.passed = within(check.difference, tolerance);
    if (check.passed) {
        check.message = "passed: outputs unchanged under a random permutation and rescaling of " +
                        std::to_string(spec.groups.size()) + " groups (max relative difference " +
                        scientific(check.difference) + " <= " + scientific(tolerance) + ")";
        return check;
    }
    // Which groups break the function: each one moved on its own.
    std::string broken;
    for (std::size_t i = 0; i < spec.groups.size(); ++i) {
        SymmetrySpec one = spec;
        one.groups = {spec.groups[i]};
        const auto image = randomSymmetryImage(weights, one, seed + 2 + i, /*withScaling=*/true);
        GroupCheck g;
        g.group = spec.groups[i].name;
        g.difference = relativeOutputDifference(model, weights, image, x);
        g.passed = within(g.difference, tolerance);
        if (!g.passed)
            broken += (broken.empty() ? "" : ", ") +
                      ("'" + g.group + "' (" + scientific(g.difference) + ")");
        check.groups.push_back(g);
    }
    check.message = "FAILED: a random permutation and rescaling changes the outputs by " +
                    scientific(check.difference) + " (tolerance " + scientific(tolerance) + "); " +
                    (broken.empty() ? "no single group breaks them, only their combination"
                                    : "groups that break them: " + broken);
    return check;
}

}  // namespace modescape::symmetry
