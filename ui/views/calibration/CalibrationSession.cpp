#include "ui/views/calibration/CalibrationSession.h"

#include <QPointer>

#include <algorithm>
#include <set>
#include <string>

#include "core/analysis/SetWorkspace.h"
#include "core/evaluation/CalibrationInput.h"
#include "core/io/set/CheckpointSet.h"
#include "ui/jobs/JobRunner.h"

namespace modescape::ui {

CalibrationSession::CalibrationSession(JobRunner* runner, QObject* parent)
    : QObject(parent), runner_(runner) {
    options_.perMember = false;  // member rows are computed once per set, not per selection
    options_.ensembleSizeCurve = true;
}

void CalibrationSession::openSet(std::shared_ptr<analysis::SetWorkspace> workspace,
                                 const QString& split) {
    if (loadJob_)
        runner_->cancel(loadJob_);
    if (reportJob_)
        runner_->cancel(reportJob_);
    const std::uint64_t generation = ++dataGeneration_;
    struct Loaded {
        std::shared_ptr<const calibration::CalibrationSet> data;
        std::vector<calibration::MemberGroup> groups;
    };
    auto loaded = std::make_shared<Loaded>();
    const std::string role = split.toStdString();
    QPointer<CalibrationSession> self(this);
    JobRequest request;
    request.name = tr("Predictions for calibration (%1 members, %2 split)")
                       .arg(workspace->set().members.size())
                       .arg(split);
    request.work = [workspace, role, loaded](const JobContext& context) {
        const io::CheckpointSet& set = workspace->set();
        std::vector<std::string> names;
        for (const auto& member : set.members)
            names.push_back(member.name);
        loaded->data =
            std::make_shared<const calibration::CalibrationSet>(evaluation::loadCalibrationSet(
                workspace->loaded(), names, role, context, workspace->predictions()));
        // Members with non-finite predictions are left out (and logged).
        loaded->groups = evaluation::memberGroups(set, loaded->data->memberNames());
    };
    request.onSuccess = [self, loaded, generation] {
        if (self && generation == self->dataGeneration_)
            self->setData(loaded->data, loaded->groups);
    };
    request.onFailure = [self, generation](const QString& message) {
        if (self && generation == self->dataGeneration_)
            Q_EMIT self->failed(message);
    };
    loadJob_ = runner_->submit(std::move(request));
}

void CalibrationSession::setData(std::shared_ptr<const calibration::CalibrationSet> data,
                                 std::vector<calibration::MemberGroup> groups) {
    ++dataGeneration_;
    data_ = std::move(data);
    groups_ = std::move(groups);
    options_.groups = groups_;
    selection_ = selectionOf(requested_);
    memberRows_.clear();
    report_.reset();
    Q_EMIT dataChanged();
    Q_EMIT selectionChanged();
    computeMemberRowsAndReport();
}

void CalibrationSession::setSelection(const QStringList& members) {
    requested_ = members;  // kept for the next set's data while it loads
    if (!data_)
        return;
    std::vector<std::int64_t> chosen = selectionOf(members);
    if (chosen == selection_ && report_)
        return;
    selection_ = std::move(chosen);
    Q_EMIT selectionChanged();
    computeReport();
}

std::vector<std::int64_t> CalibrationSession::selectionOf(const QStringList& members) const {
    std::vector<std::int64_t> chosen;
    std::set<std::int64_t> seen;
    const auto& names = data_->memberNames();
    for (const QString& member : members) {
        const auto it = std::find(names.begin(), names.end(), member.toStdString());
        if (it == names.end())
            continue;
        const auto index = static_cast<std::int64_t>(it - names.begin());
        if (seen.insert(index).second)
            chosen.push_back(index);
    }
    if (chosen.empty())
        chosen = data_->allMembers();
    return chosen;
}

void CalibrationSession::computeMemberRowsAndReport() {
    const std::uint64_t generation = dataGeneration_;
    auto rows = std::make_shared<std::vector<calibration::MemberReport>>();
    QPointer<CalibrationSession> self(this);
    JobRequest request;
    request.name = tr("Calibration of every member");
    request.work = [data = data_, rows,
                    evaluation = options_.evaluation](const JobContext& context) {
        *rows = calibration::memberReports(*data, evaluation, context);
    };
    request.onSuccess = [self, rows, generation] {
        if (!self || generation != self->dataGeneration_)
            return;
        self->memberRows_ = std::move(*rows);
        self->computeReport();
    };
    request.onFailure = [self](const QString& message) {
        if (self)
            Q_EMIT self->failed(message);
    };
    runner_->submit(std::move(request));
}

void CalibrationSession::computeReport() {
    if (reportJob_)
        runner_->cancel(reportJob_);
    const std::uint64_t generation = ++reportGeneration_;
    auto report = std::make_shared<calibration::CalibrationReport>();
    calibration::CalibrationOptions options = options_;
    options.pairwise = selection_.size() <= kMaxPairwiseMembers;
    QPointer<CalibrationSession> self(this);
    JobRequest request;
    request.name = tr("Calibration of the selection (%1 members)").arg(selection_.size());
    request.work = [data = data_, selection = selection_, options,
                    report](const JobContext& context) {
        *report = calibration::calibrate(*data, selection, options, context);
    };
    request.onSuccess = [self, report, generation] {
        if (!self || generation != self->reportGeneration_)
            return;
        self->report_ = report;
        Q_EMIT self->reportChanged();
    };
    request.onFailure = [self](const QString& message) {
        if (self)
            Q_EMIT self->failed(message);
    };
    reportJob_ = runner_->submit(std::move(request));
}

}  // namespace modescape::ui
