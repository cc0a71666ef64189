#pragma once
// The members of a trajectory group in training order: by their epoch
// metadata when every member has one, else by step (or global_step), else
// by name. Ties keep name order.

#include <string>
#include <vector>

#include "core/io/set/CheckpointSet.h"
#include "core/trajectory/TrajectoryResult.h"

namespace modescape::trajectory {

// One point per member of `group`, in order, with its index and epoch (or
// step) filled in. Throws InvalidArgument naming `flag` and the set's groups
// when the set has no such group.
std::vector<TrajectoryPoint> orderedGroup(const io::CheckpointSet& set, const std::string& group,
                                          const std::string& flag = "--group");

}  // namespace modescape::trajectory
