// MainWindow's tab bookkeeping: the View menu's list of every tab, the page
// shown before a set is open, the overview a set opens on, and the seminar
// tools around the tabs (split panes, bookmarks, presentation mode).
#include <QAction>
#include <QMenu>
#include <QStackedWidget>
#include <QTabWidget>

#include "ui/mainwindow/BookmarksDock.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/PresentationMode.h"
#include "ui/mainwindow/ViewSplitter.h"
#include "ui/mainwindow/ViewTabList.h"
#include "ui/views/ViewPage.h"
#include "ui/views/calibration/CalibrationViews.h"
#include "ui/views/calibration/ReliabilityDiagramPage.h"
#include "ui/views/overview/SetOverviewPage.h"

namespace modescape::ui {

void MainWindow::buildViewTabMenu() {
    viewTabList_ = new ViewTabList(tabs_, viewMenu_, this);
}

void MainWindow::showStartPage(ViewPage* page, const QString& title) {
    dropStartPage();
    startPage_ = page;
    addViewPage(page, title);
}

void MainWindow::dropStartPage() {
    if (!startPage_)
        return;
    // Its text speaks of no set: it has nothing to say once one is open.
    tabs_->removeTab(tabs_->indexOf(startPage_));
    QWidget* properties = startPage_->propertiesWidget();
    properties_->removeWidget(properties);
    properties->deleteLater();  // the stack, not the page, holds it now
    startPage_->deleteLater();
    startPage_.clear();
}

void MainWindow::buildSeminarTools() {
    splitter_ = new ViewSplitter(this, tabs_);
    bookmarksDock_ = new BookmarksDock(this);
    presentation_ = new PresentationMode(this);
    // Before the list of views: after the docks' entries.
    QAction* views = nullptr;
    for (QAction* action : viewMenu_->actions())
        if (action->isSeparator()) {
            views = action;
            break;
        }
    viewMenu_->insertAction(views, bookmarksDock_->toggleViewAction());
    viewMenu_->insertSeparator(views);
    splitter_->addMenuActions(viewMenu_, views);
    presentation_->addMenuAction(viewMenu_, views);
    viewMenu_->insertSeparator(views);
}

SetOverviewPage* MainWindow::overviewPage() const {
    return overview_.data();
}

SetOverviewPage* MainWindow::showOverview(const std::shared_ptr<const io::CheckpointSet>& set) {
    auto* overview = new SetOverviewPage(set, calibrationViews_->reliabilityPage(), tabs_);
    properties_->addWidget(overview->propertiesWidget());
    tabs_->insertTab(0, overview, tr("Overview"));  // first, before tabs kept from an earlier set
    viewTabList_->add(overview, tr("Overview"));
    setPages_ << overview;
    overview_ = overview;
    return overview;
}

}  // namespace modescape::ui
