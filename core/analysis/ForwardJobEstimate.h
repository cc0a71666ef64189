#pragma once
// The cost estimate of an analysis that evaluates members on a split
// (Analysis::estimateCost): project / mmd in function space, calibrate,
// uncertainty. One function, so every such analysis counts the same way.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/Parameter.h"
#include "core/evaluation/ForwardJobCost.h"

namespace modescape::analysis {

class SetWorkspace;

// `members` evaluated on the first `samples` samples of `role` (all of them
// when samples is 0), plus, when withOod and the set has an "ood" dataset
// other than `role`, on all of that one. The first member's weights are read
// only when this machine's rate must be measured (ForwardCost.h).
evaluation::ForwardCost forwardJobEstimate(SetWorkspace& workspace,
                                           const std::vector<std::string>& members,
                                           const std::string& role, std::int64_t samples = 0,
                                           bool withOod = false);
// The same for `count` weight vectors of the network (e.g. landscape grid
// points), timed with member `timedWith`'s weights.
evaluation::ForwardCost forwardJobEstimate(SetWorkspace& workspace, const std::string& timedWith,
                                           std::int64_t count, const std::string& role,
                                           std::int64_t samples = 0, bool withOod = false);

// Every member on the first --samples samples of --split when "space" is
// "function" (project, mmd); nothing in weight space.
std::optional<evaluation::ForwardCost> functionSpaceEstimate(SetWorkspace& workspace,
                                                             const ParameterValues& values);

}  // namespace modescape::analysis
