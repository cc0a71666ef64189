#include "ui/views/calibration/CalibrationViews.h"

#include <QTabWidget>

#include <algorithm>

#include "core/analysis/SetWorkspace.h"
#include "core/io/set/CheckpointSet.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/setbrowser/SetBrowser.h"
#include "ui/views/calibration/MetricsTablePage.h"
#include "ui/views/calibration/ReliabilityDiagramPage.h"
#include "ui/views/calibration/UncertaintyPage.h"

namespace modescape::ui {

CalibrationViews::CalibrationViews(MainWindow* window) : QObject(window), window_(window) {}

void CalibrationViews::removePages() {
    QTabWidget* tabs = window_->viewTabs();
    for (QPointer<ViewPage>* page : {&metrics_, &reliability_, &uncertainty_}) {
        if (!*page)
            continue;
        tabs->removeTab(tabs->indexOf(page->data()));
        (*page)->deleteLater();
        page->clear();
    }
}

void CalibrationViews::showSet(std::shared_ptr<analysis::SetWorkspace> workspace) {
    // The pages compute on one workspace: the previous set's go.
    removePages();
    // Only sets that can be evaluated: a model and a test split (a run reports
    // any other failure in the log).
    const io::CheckpointSet& set = workspace->set();
    if (set.members.empty() || set.model.kind == io::ModelSpec::Kind::None)
        return;
    const bool hasTest = std::any_of(set.datasets.begin(), set.datasets.end(),
                                     [](const auto& d) { return d.role == "test"; });
    if (!hasTest)
        return;

    // Added without taking the focus from the tab the user is looking at. Each
    // page gets the selection before its first run starts (the run waits for
    // the event loop), so opening a set starts one job per analysis.
    QTabWidget* tabs = window_->viewTabs();
    QWidget* current = tabs->currentWidget();
    SetBrowser* browser = window_->setBrowser();
    auto* reliability = new ReliabilityDiagramPage(window_->jobRunner(), workspace, tabs);
    reliability->setSelection(browser->selectedMembers());
    connect(browser, &SetBrowser::selectionChanged, reliability,
            &ReliabilityDiagramPage::setSelection);
    reliability_ = reliability;
    window_->addViewPage(reliability, tr("Reliability"));
    metrics_ = new MetricsTablePage(reliability, tabs);
    window_->addViewPage(metrics_.data(), tr("Metrics"));

    auto* uncertainty = new UncertaintyPage(window_->jobRunner(), workspace, tabs);
    uncertainty->setSelection(browser->selectedMembers());
    connect(browser, &SetBrowser::selectionChanged, uncertainty, &UncertaintyPage::setSelection);
    uncertainty_ = uncertainty;
    window_->addViewPage(uncertainty, tr("Uncertainty"));
    if (current)
        tabs->setCurrentWidget(current);
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

}  // namespace modescape::ui
