#pragma once
// Scaling-symmetry removal (docs/definitions.md, "Symmetries"):
//   unitnorm: in forward order, lambda_i = 1 / ||Out slices of unit i||_2, taken
//             after the previous groups were rescaled;
//   optimal:  the scaling of least L2 mass, min over log-scales l of
//             sum_tensors sum_elements W^2 exp(2 (l_out - l_in)), convex in l;
//             solved by Newton's method (conjugate gradients on exact Hessian-
//             vector products, Armijo backtracking).
// The L2 mass of a weight set is the sum of squares of every parameter (buffers
// excluded), also of the tensors no scaling touches.

#include <string>
#include <vector>

#include "core/common/WordTable.h"
#include "core/model/ParameterSet.h"
#include "core/symmetry/SymmetrySpec.h"
#include "core/symmetry/SymmetryTransforms.h"

namespace modescape::symmetry {

enum class ScalingMethod { None, UnitNorm, Optimal };
inline constexpr WordTable<ScalingMethod, 3> kScalingMethodWords{
    {{"none", ScalingMethod::None},
     {"unitnorm", ScalingMethod::UnitNorm},
     {"optimal", ScalingMethod::Optimal}}};
// A word of kScalingMethodWords; throws InvalidArgument for anything else.
ScalingMethod parseScalingMethod(const std::string& text);
const char* scalingMethodName(ScalingMethod method);

// Sum of squares of every parameter (not buffers), in double precision.
double l2Mass(const model::ParameterSet& weights);

struct OptimalScalingOptions {
    int maxNewtonIterations = 100;
    // Stop when the Newton decrement^2 / 2 falls below relativeTolerance * mass.
    double relativeTolerance = 1e-14;
};

struct OptimalScaling {
    double mass = 0;             // L2 mass before
    double minimalMass = 0;      // L2 mass at the optimum
    std::vector<Scales> scales;  // per group (empty for groups that are not scalable)
    int iterations = 0;
    bool converged = false;
};

// The optimal scaling of weights (not applied). Groups that are not scalable
// keep lambda = 1; without scalable groups minimalMass == mass.
OptimalScaling optimalScaling(const model::ParameterSet& weights, const SymmetrySpec& spec,
                              const OptimalScalingOptions& options = {});

// Applies the method in place and returns the factors used, per group.
std::vector<Scales> removeScaling(model::ParameterSet& weights, const SymmetrySpec& spec,
                                  ScalingMethod method, const OptimalScalingOptions& options = {});

}  // namespace modescape::symmetry
