#pragma once
// The trajectory job: order the groups' members, fit the PCA plane centred on
// the chosen member, project every path and scatter member onto it, then
// compute the loss surface on the plane with the landscape engine (the same
// grid evaluator as `modescape landscape`), reporting rows as they finish.

#include <functional>
#include <string>

#include "core/jobs/Progress.h"
#include "core/trajectory/TrajectoryResult.h"
#include "core/trajectory/TrajectorySettings.h"

namespace modescape::evaluation {
class LoadedSet;
}
namespace modescape::io {
struct CheckpointSet;
}

namespace modescape::trajectory {

// Called on the job's thread with the result so far (the plane and points
// complete, the surface's finished rows).
using PartialCallback = std::function<void(const TrajectoryResult& partial)>;

// Throws InvalidArgument for an unknown group or centre, too few members, a
// degenerate plane or bad grid settings; Cancelled (after a last partial).
TrajectoryResult computeTrajectory(evaluation::LoadedSet& set, const TrajectorySettings& settings,
                                   const JobContext& job, const PartialCallback& onPartial = {});

// The centre's name for the settings: the first group's last member for
// "last", else settings.center, which must be a member of the set. Throws
// InvalidArgument naming --center otherwise.
std::string centerMember(const io::CheckpointSet& set, const TrajectorySettings& settings);

}  // namespace modescape::trajectory
