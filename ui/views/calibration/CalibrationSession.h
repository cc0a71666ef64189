#pragma once
// The calibration state the reliability and metrics views share: the
// predictions of every member of the open set (test split, and the OOD split
// when there is one), read through the set's workspace (its LoadedSet and
// prediction cache) on the worker once per set, the per-member
// rows, and the report of the current selection's model average. A selection
// change only re-aggregates cached probabilities (a short worker job); the
// networks never run again.

#include <QObject>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <vector>

#include "core/calibration/CalibrationReport.h"

namespace modescape::analysis {
class SetWorkspace;
}

namespace modescape::ui {

class JobRunner;

class CalibrationSession : public QObject {
    Q_OBJECT
  public:
    explicit CalibrationSession(JobRunner* runner, QObject* parent = nullptr);

    // Loads every member's predictions on `split` on the worker (progress and
    // Cancel in the jobs panel), then computes the member rows and the report.
    // A set without a model cannot be evaluated: failed() says so.
    void openSet(std::shared_ptr<analysis::SetWorkspace> workspace, const QString& split = "test");
    // Uses probabilities already in memory (tests, or a set computed elsewhere).
    void setData(std::shared_ptr<const calibration::CalibrationSet> data,
                 std::vector<calibration::MemberGroup> groups);
    // Member names as the set browser publishes them; names the calibration set
    // lacks are ignored; none (or an empty list) means every member.
    void setSelection(const QStringList& members);

    JobRunner* runner() const { return runner_; }
    bool hasData() const { return data_ != nullptr; }
    std::shared_ptr<const calibration::CalibrationSet> data() const { return data_; }
    const std::vector<calibration::MemberGroup>& groups() const { return groups_; }
    // Indices into data()->memberNames(); every member when nothing is selected.
    const std::vector<std::int64_t>& selection() const { return selection_; }
    const std::vector<calibration::MemberReport>& memberRows() const { return memberRows_; }
    // The latest report of the selection (null until the first one is ready).
    std::shared_ptr<const calibration::CalibrationReport> report() const { return report_; }
    // The evaluation settings of the member rows and the report (CLI defaults).
    const calibration::CalibrationOptions& options() const { return options_; }

    // Pairwise mutual information is O(M^2): above this many selected members it is skipped.
    static constexpr std::size_t kMaxPairwiseMembers = 300;

  Q_SIGNALS:
    // New predictions (a set was opened): selection, groups and rows are reset.
    void dataChanged();
    // selection() changed (also after dataChanged).
    void selectionChanged();
    // report() is the current selection's.
    void reportChanged();
    void failed(const QString& message);

  private:
    std::vector<std::int64_t> selectionOf(const QStringList& members) const;
    void computeMemberRowsAndReport();
    void computeReport();

    JobRunner* runner_;
    std::shared_ptr<const calibration::CalibrationSet> data_;
    std::vector<calibration::MemberGroup> groups_;
    QStringList requested_;
    std::vector<std::int64_t> selection_;
    std::vector<calibration::MemberReport> memberRows_;
    std::shared_ptr<const calibration::CalibrationReport> report_;
    calibration::CalibrationOptions options_;
    int loadJob_ = 0;
    int reportJob_ = 0;
    // Results of older data or selections are dropped when they arrive.
    std::uint64_t dataGeneration_ = 0;
    std::uint64_t reportGeneration_ = 0;
};

}  // namespace modescape::ui
