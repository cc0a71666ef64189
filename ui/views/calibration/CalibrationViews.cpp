#include "ui/views/calibration/CalibrationViews.h"

#include <QTabWidget>

#include <algorithm>

#include "core/analysis/SetWorkspace.h"
#include "core/io/set/CheckpointSet.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/setbrowser/SetBrowser.h"
#include "ui/views/calibration/CalibrationSession.h"
#include "ui/views/calibration/MetricsTablePage.h"
#include "ui/views/calibration/ReliabilityDiagramPage.h"
#include "ui/views/calibration/UncertaintyPage.h"

namespace modescape::ui {

CalibrationViews::CalibrationViews(MainWindow* window)
    : QObject(window),
      window_(window),
      session_(new CalibrationSession(window->jobRunner(), this)) {
    connect(window->setBrowser(), &SetBrowser::selectionChanged, session_,
            &CalibrationSession::setSelection);
    connect(session_, &CalibrationSession::dataChanged, this, &CalibrationViews::ensurePages);
}

void CalibrationViews::showSet(std::shared_ptr<analysis::SetWorkspace> workspace) {
    // The uncertainty tab computes on one workspace: the previous set's goes.
    if (uncertainty_) {
        QTabWidget* tabs = window_->viewTabs();
        tabs->removeTab(tabs->indexOf(uncertainty_.data()));
        uncertainty_->deleteLater();
        uncertainty_.clear();
    }
    workspace_.reset();
    // Only sets that can be evaluated: a model and a test split (the job
    // reports any other failure in the log).
    const io::CheckpointSet& set = workspace->set();
    if (set.members.empty() || set.model.kind == io::ModelSpec::Kind::None)
        return;
    const bool hasTest = std::any_of(set.datasets.begin(), set.datasets.end(),
                                     [](const auto& d) { return d.role == "test"; });
    if (!hasTest)
        return;
    workspace_ = std::move(workspace);
    session_->openSet(workspace_);
}

ReliabilityDiagramPage* CalibrationViews::reliabilityPage() const {
    return static_cast<ReliabilityDiagramPage*>(reliability_.data());
}
MetricsTablePage* CalibrationViews::metricsPage() const {
    return static_cast<MetricsTablePage*>(metrics_.data());
}
UncertaintyPage* CalibrationViews::uncertaintyPage() const {
    return static_cast<UncertaintyPage*>(uncertainty_.data());
}

void CalibrationViews::ensurePages() {
    // Added without taking the focus from the tab the user is looking at.
    QTabWidget* tabs = window_->viewTabs();
    QWidget* current = tabs->currentWidget();
    if (!reliability_) {
        reliability_ = new ReliabilityDiagramPage(session_, tabs);
        window_->addViewPage(reliability_.data(), tr("Reliability"));
    }
    if (!metrics_) {
        metrics_ = new MetricsTablePage(session_, tabs);
        window_->addViewPage(metrics_.data(), tr("Metrics"));
    }
    if (!uncertainty_ && workspace_) {
        auto* page = new UncertaintyPage(window_->jobRunner(), workspace_, tabs);
        SetBrowser* browser = window_->setBrowser();
        page->setSelection(browser->selectedMembers());
        connect(browser, &SetBrowser::selectionChanged, page, &UncertaintyPage::setSelection);
        uncertainty_ = page;
        window_->addViewPage(page, tr("Uncertainty"));
    }
    if (current)
        tabs->setCurrentWidget(current);
}

}  // namespace modescape::ui
