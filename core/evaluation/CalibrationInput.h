#pragma once
// The bridge from a checkpoint set to core/calibration: the members'
// probabilities on a split (and on the OOD split when the set has one), read
// from the predictions cache or computed once. The calibrate and uncertainty
// analyses (CLI and GUI) stream them (calibrateSet: one member in memory at a
// time); loadCalibrationSet keeps them all, for tests and small sets. Both
// read members the same way, so they report the same numbers.

#include <optional>
#include <string>
#include <vector>

#include "core/calibration/CalibrationReport.h"
#include "core/calibration/StreamedCalibration.h"
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
// weights or data throws. Holds every member's probabilities (N x S x C).
calibration::CalibrationSet loadCalibrationSet(LoadedSet& loaded,
                                               const std::vector<std::string>& names,
                                               const std::string& split, const JobContext& context,
                                               const PredictionCache& cache = PredictionCache(),
                                               std::vector<std::string>* leftOut = nullptr);

struct SetCalibration {
    calibration::CalibrationReport report;  // every member kept selected, grouped as memberGroups
    std::vector<std::string> names;         // the members kept, in report order
    std::vector<std::string> leftOut;       // non-finite predictions
    // With options.keepSampleUncertainty: the model average's per sample.
    std::optional<calibration::SampleUncertainties> samples;
};

// The same report as calibrate() on loadCalibrationSet's set with every member
// selected and memberGroups' groups, with one member's predictions in memory
// at a time (plus a panel for --pairwise): the running sums are all it holds.
// --pairwise and --ensemble-size read the members again from the cache.
// options.calibration.groups is ignored. Throws as loadCalibrationSet, and
// MemoryLimitExceeded when the sums do not fit options.workingBytes.
SetCalibration calibrateSet(LoadedSet& loaded, const std::vector<std::string>& names,
                            const std::string& split,
                            const calibration::StreamedCalibrationOptions& options,
                            const JobContext& context,
                            const PredictionCache& cache = PredictionCache());

// One group per set group among `names` (positions in `names`), in the order
// the groups first appear.
std::vector<calibration::MemberGroup> memberGroups(const io::CheckpointSet& set,
                                                   const std::vector<std::string>& names);

}  // namespace modescape::evaluation
