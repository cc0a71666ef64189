#pragma once
// The calibration of a whole set with one member's predictions in memory at a
// time. Members are added in selection order; the engine keeps running sums
// (the BMA of the selection, of each group and on the OOD split), the
// entropies' sums and the argmax votes (UncertaintyAccumulator), and one
// metrics row per member: O((groups + 1) S C + N) memory instead of the
// O(N S C) of a CalibrationSet. The report equals calibrate() on a
// CalibrationSet of the same members, with every member selected and the
// groups in the order they first appear: the sums run in the same order.
// The pairwise mutual information and the ensemble-size curve read the members
// again from a MemberPredictionSource (StreamedPairwise.h, EnsembleSizeCurve.h).

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/calibration/CalibrationReport.h"
#include "core/calibration/MemberPredictionSource.h"
#include "core/jobs/Progress.h"

namespace modescape::calibration {

struct StreamedCalibrationOptions {
    // options.groups is ignored: add() names each member's group.
    CalibrationOptions calibration;
    // What the running sums and a pairwise panel may take (the CLI passes
    // projection::streamingWorkingBytes()); more is refused with the numbers.
    double workingBytes = std::numeric_limits<double>::infinity();
    // > 0 caps the members the pairwise pass holds at once (tests).
    std::int64_t maxPanelMembers = 0;
    // false: no group reports and no group sums (the uncertainty report
    // needs none); add() ignores the group names.
    bool groups = true;
    // Keep the per-sample uncertainty of the model average (on the split and
    // the OOD split) for sampleUncertainties(): O(samples) more.
    bool keepSampleUncertainty = false;
};

// The per-sample uncertainty of the selection's model average: the OOD
// scores per sample derive from it (oodScores).
struct SampleUncertainties {
    SampleUncertainty inside;
    std::optional<SampleUncertainty> outside;  // with an OOD split
};

class StreamedCalibration {
  public:
    // Throws InvalidArgument for bins < 1.
    StreamedCalibration(std::vector<std::int64_t> labels, StreamedCalibrationOptions options);
    ~StreamedCalibration();
    StreamedCalibration(const StreamedCalibration&) = delete;
    StreamedCalibration& operator=(const StreamedCalibration&) = delete;

    // The next member of the selection. `group` names its group: groups are
    // reported in the order they first appear (as evaluation::memberGroups).
    // Throws ShapeMismatch when the member's shape differs from the labels or
    // the first member's, MemoryLimitExceeded when the running sums of one
    // more group do not fit options.workingBytes.
    void add(const MemberPrediction& member, const std::string& name, const std::string& group);
    std::int64_t members() const;

    // The report. `reread` serves the members added, in the same positions,
    // for --pairwise and --ensemble-size (may be null when neither is asked).
    // Throws InvalidArgument when no member was added, Cancelled when cancelled.
    CalibrationReport finish(const MemberPredictionSource* reread, const JobContext& context);

    // After finish() with keepSampleUncertainty; empty otherwise.
    std::optional<SampleUncertainties> sampleUncertainties() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

// Every member of `source` in order, then the passes pairwise and the curve
// need. names[m] and groups[m] belong to member m.
CalibrationReport calibrateStreamed(const MemberPredictionSource& source,
                                    std::vector<std::int64_t> labels,
                                    const std::vector<std::string>& names,
                                    const std::vector<std::string>& groups,
                                    const StreamedCalibrationOptions& options,
                                    const JobContext& context = {});

}  // namespace modescape::calibration
