#pragma once
// "trajectory": training trajectories (or chains) drawn on the loss surface
// of their own PCA plane, centred on their last or a chosen member, with each
// member's projection error and the plane's explained variance; other groups
// (SWAG, HMC samples) as a scatter on the same plane. The core computation is
// core/trajectory; docs/trajectory.md says what each number is.

#include "core/analysis/Analysis.h"
#include "core/trajectory/TrajectoryResult.h"
#include "core/trajectory/TrajectorySettings.h"

namespace modescape::analysis {

const Analysis& trajectoryAnalysis();

// The typed settings of complete()d values (groups split on commas).
trajectory::TrajectorySettings trajectorySettingsFrom(const ParameterValues& values);

}  // namespace modescape::analysis
