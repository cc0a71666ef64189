#pragma once
// The live calibration of one open set (core/calibration/LiveCalibration.h)
// fed from the predictions cache: each member's predictions on the split are
// read once and stay in memory, so a new selection is re-aggregated from the
// running sums without reading a file or running a network. The GUI's
// workspace keeps one; the CLI streams (calibrateSet), as a single run gains
// nothing from keeping members.
//
// Memory: up to `budgetBytes` of predictions (2 GiB by default; 100 members
// x 10,000 samples x 100 classes in float32 are 400 MB). Members outside the
// current selection are let go first; a selection that alone does not fit
// falls back to the streamed path (calibrate() returns nothing).

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/calibration/LiveCalibration.h"
#include "core/evaluation/CalibrationInput.h"

namespace modescape::evaluation {

class ResidentCalibration {
  public:
    static constexpr double kDefaultBudgetBytes = 2.0 * 1024 * 1024 * 1024;
    explicit ResidentCalibration(double budgetBytes = kDefaultBudgetBytes);
    ~ResidentCalibration();

    // calibrateSet's report for the same arguments (to rounding), or nothing
    // when the live path cannot give it: --pairwise, --ensemble-size or the
    // per-sample uncertainty asked for, or the selection's predictions over
    // the budget. Throws as calibrateSet. Thread-safe (one call at a time).
    std::optional<SetCalibration> calibrate(LoadedSet& loaded,
                                            const std::vector<std::string>& names,
                                            const std::string& split,
                                            const calibration::StreamedCalibrationOptions& options,
                                            const JobContext& context,
                                            const PredictionCache& cache);

    // Members whose predictions are held now, and how many were read from the
    // cache (or evaluated) since construction: a selection change that reads
    // none re-aggregated from memory.
    std::int64_t residentMembers() const;
    std::int64_t membersRead() const;

  private:
    // A new LiveCalibration for `key`, keeping the predictions of `keep`.
    void rebuild(const std::string& key, const std::vector<std::int64_t>& labels,
                 const calibration::StreamedCalibrationOptions& options,
                 const std::set<std::string>& keep);

    double budgetBytes_;
    mutable std::mutex mutex_;
    std::string key_;  // the split and the options the live calibration was made for
    std::unique_ptr<calibration::LiveCalibration> live_;
    std::map<std::string, std::int64_t> ids_;  // member name -> id in live_
    std::set<std::string> nonFinite_;          // members left out on this split
    std::int64_t read_ = 0;
};

}  // namespace modescape::evaluation
