#pragma once
// The UnitSharing (projection/UnitSharing.h) of an MPI run: the units of the
// maps' Gram blocks and MMD's kernel sums go through shareWork like every
// other shared computation (dynamic hand-out, rank 0 collects), and each
// round's report is added to the run's one report (the --json fields).

#include <string>

#include "core/parallel/SharedWork.h"
#include "core/projection/UnitSharing.h"

namespace modescape::parallel {

// `report` must outlive the sharing; every round is added to it (addRound).
// `device`: this rank's device in words (describeDevice).
projection::UnitSharing unitSharing(ShareReport& report, const std::string& device);

// Adds a round of shared work to the run's report: units, messages and time add up.
void addRound(ShareReport& run, const ShareReport& round);

}  // namespace modescape::parallel
