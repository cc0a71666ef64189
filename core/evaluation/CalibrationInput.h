#pragma once
// The bridge from a checkpoint set to core/calibration: the members'
// probabilities on a split (and on the OOD split when the set has one), read
// from the predictions cache or computed once. The CLI's `calibrate` and the
// GUI's calibration views both start here, so they report the same numbers.

#include <string>
#include <vector>

#include "core/calibration/CalibrationReport.h"
#include "core/evaluation/LoadedSet.h"
#include "core/evaluation/PredictionCache.h"
#include "core/jobs/Progress.h"

namespace modescape::evaluation {

// `names` are members of loaded.set(), in the order the calibration set keeps.
// `split` is a dataset role ("test", "train", ...). A member whose predictions
// are not finite (NaN weights) is left out with a warning naming it, and
// listed in *leftOut when given: the set's memberNames() are the members kept.
// When the kept members score near chance (NearChance.h) a warning says so
// and names the data's normalisation.
// Throws InvalidArgument for an unknown member or role, NonFinitePredictions
// when no member is left, Cancelled when cancelled, and whatever reading
// weights or data throws.
calibration::CalibrationSet loadCalibrationSet(LoadedSet& loaded,
                                               const std::vector<std::string>& names,
                                               const std::string& split, const JobContext& context,
                                               const PredictionCache& cache = PredictionCache(),
                                               std::vector<std::string>* leftOut = nullptr);

// One group per set group among `names` (positions in `names`), in the order
// the groups first appear.
std::vector<calibration::MemberGroup> memberGroups(const io::CheckpointSet& set,
                                                   const std::vector<std::string>& names);

}  // namespace modescape::evaluation
