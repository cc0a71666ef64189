#pragma once
// The calibration of a selection that follows the user's clicks: the members'
// predictions stay in memory once read, and the model average of the current
// selection is kept as running sums (SelectionSums) that a new selection
// moves by adding and removing only the members that differ. A selection
// sharing little with the last one is summed afresh instead (cheaper then),
// and so is every selection after `exactEvery` single-member updates: the
// sums are compensated and do not drift, the periodic fresh sum makes that a
// guarantee rather than an argument.
//
// report() holds what StreamedCalibration::finish() reports for the same
// members in the same order (the BMA's metrics, table and curves, diversity,
// OOD, each member's row, the groups' averages), without --pairwise and
// --ensemble-size, which read every member again. The sums add in another
// order, so numbers agree to rounding (~1e-15), not to the bit.
//
// Not thread-safe: one caller at a time (the bridge in core/evaluation locks).

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/calibration/MemberPredictionSource.h"
#include "core/calibration/SelectionSums.h"
#include "core/calibration/StreamedCalibration.h"

namespace modescape::calibration {

struct LiveCalibrationOptions {
    // pairwise and ensembleSizeCurve must be off (InvalidArgument otherwise).
    StreamedCalibrationOptions streamed;
    // After this many single-member updates the next selection is summed
    // afresh (0: never; tests use it to check that the sums do not drift).
    std::int64_t exactEvery = 256;
};

// What select() did, for the progress line and the benchmark.
struct SelectionUpdate {
    bool fresh = false;        // summed afresh (else added / removed members)
    std::int64_t added = 0;    // members added to the sums (all of them when fresh)
    std::int64_t removed = 0;  // members removed from the sums
};

class LiveCalibration {
  public:
    LiveCalibration(std::vector<std::int64_t> labels, LiveCalibrationOptions options);
    ~LiveCalibration();
    LiveCalibration(const LiveCalibration&) = delete;
    LiveCalibration& operator=(const LiveCalibration&) = delete;

    // Keeps a member's predictions (a one-member cache on the split, and on
    // the OOD split when the first member had one) and computes its row.
    // Returns its id for select(). Throws ShapeMismatch when it does not fit
    // the labels or the first member.
    std::int64_t addMember(std::shared_ptr<const MemberPrediction> prediction,
                           const std::string& name, const std::string& group);
    std::int64_t members() const;
    const std::string& name(std::int64_t id) const;
    const std::string& group(std::int64_t id) const;
    std::shared_ptr<const MemberPrediction> prediction(std::int64_t id) const;
    // Its own metrics (the report's row; unset without perMember).
    const PredictionMetrics& row(std::int64_t id) const;
    // What the kept predictions hold, in bytes.
    double residentBytes() const;

    // Moves the sums to `selection` (ids, in report order). Throws
    // InvalidArgument for an empty, repeated or unknown id, Cancelled between
    // two members' updates (the sums then hold a consistent other selection,
    // which the next call starts from).
    SelectionUpdate select(std::span<const std::int64_t> selection, const JobContext& context = {});
    const std::vector<std::int64_t>& selection() const;
    // Sums the current selection afresh (what select() does for a selection
    // sharing few members; the benchmark times it).
    void resum();

    // The model average of the current selection [samples, classes].
    std::vector<double> average() const;
    // The report of the current selection (InvalidArgument before select()).
    CalibrationReport report(const JobContext& context = {}) const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace modescape::calibration
