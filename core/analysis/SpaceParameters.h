#pragma once
// The parameters the weight-space analyses share, declared once: the space
// members are compared in (`project` and `mmd`: --symmetry, --space, the
// layer selection, --split, --samples) and how symmetries are removed
// (--scaling, --permutation with its match:MEMBER reference, --sort-key,
// --spec; also `symmetry`'s, where "none" is offered and the default). Each
// table appends these lists; the conversions and rules below read them.

#include <optional>

#include "core/analysis/Parameter.h"
#include "core/symmetry/SetProjection.h"
#include "core/symmetry/SymmetryRemoval.h"
#include "core/symmetry/WeightSpace.h"

namespace modescape::io {
struct CheckpointSet;
}

namespace modescape::analysis {

// symmetry, space, layers, exclude-norm, last-layer, include-buffers, split, samples.
ParameterList spaceParameters();

// Where the removal parameters are used: to pick a weight space (`project`,
// `mmd`: only scaling and permutation methods, enabled by --symmetry), or to
// remove symmetries from a whole set (`symmetry`: "none" offered and default).
enum class RemovalUse { WeightSpace, WholeSet };
// scaling, permutation, reference (the MEMBER of match:MEMBER), sort-key, spec.
ParameterList removalParameters(RemovalUse use);

// Appends `more` to `list`.
ParameterList& operator+=(ParameterList& list, const ParameterList& more);

// complete()d values of a table holding spaceParameters() and
// removalParameters(WeightSpace) as typed options.
symmetry::SpaceOptions spaceOptionsFrom(const ParameterValues& values);
// The function-space sample when "space" is "function", else nothing.
std::optional<symmetry::FunctionSample> functionSampleFrom(const ParameterValues& values);
// The other way: the values of those parameters for these options.
ParameterValues spaceValuesFrom(const symmetry::SpaceOptions& space,
                                const std::optional<symmetry::FunctionSample>& functions);

// removalParameters(WholeSet) values as removal options, and back.
symmetry::RemovalOptions removalOptionsFrom(const ParameterValues& values);
ParameterValues removalValuesFrom(const symmetry::RemovalOptions& removal);

// The rules between the space parameters: no symmetry removal and no layer
// selection in function space. Throws InvalidArgument naming the flags.
void checkSpaceRules(const ParameterList& list, const ParameterValues& values);

}  // namespace modescape::analysis
